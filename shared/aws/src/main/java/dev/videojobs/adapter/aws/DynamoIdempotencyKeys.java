package dev.videojobs.adapter.aws;

import dev.videojobs.core.job.IdempotencyKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Reservations as items {@code idem#<tenant>#<key>} in the Jobs table, removed by its TTL after {@code retention}. */
public final class DynamoIdempotencyKeys implements IdempotencyKeys {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoIdempotencyKeys(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public Reservation reserve(String tenant, String key, String fingerprint, String jobId) {
        String pk = "idem#" + tenant + "#" + key;
        long expiresAt = clock.instant().plus(retention).getEpochSecond();
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS(pk), "job_id", AttributeValue.fromS(jobId),
                            "fingerprint", AttributeValue.fromS(fingerprint),
                            "expires_at", AttributeValue.fromN(Long.toString(expiresAt))))
                    .conditionExpression("attribute_not_exists(pk) OR expires_at < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond())))));
            return new Reservation(jobId, fingerprint, true);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(pk))).consistentRead(true)).item();
            return new Reservation(item.get("job_id").s(), item.get("fingerprint").s(), false);
        }
    }
}

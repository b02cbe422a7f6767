package dev.videojobs.adapter.aws;

import dev.videojobs.core.notify.WebhookSecrets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Secrets as items {@code tenant#<id>} in the Jobs table: {@code webhook_secret}, and after a rotation
 * {@code previous_webhook_secret} with {@code previous_valid_until} (epoch millis). The first caller creates the secret
 * with a conditional put, so concurrent first uses agree on one; a rotation is conditional on the secret it replaces,
 * so two concurrent rotations cannot lose one. Read on every use (not cached): a rotation applies at once everywhere.
 */
public final class DynamoWebhookSecrets implements WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWebhookSecrets(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Secrets secretsOf(String tenant) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).key(key(tenant)).consistentRead(true)).item();
        if (item != null && item.containsKey("webhook_secret")) {
            return secrets(item);
        }
        String secret = newSecret();
        try {
            dynamo.putItem(put -> put.tableName(table).item(Map.of("pk", key(tenant).get("pk"), "webhook_secret", AttributeValue.fromS(secret)))
                    .conditionExpression("attribute_not_exists(pk)"));
            return new Secrets(secret, Optional.empty(), Optional.empty());
        } catch (ConditionalCheckFailedException e) {
            return secretsOf(tenant);
        }
    }

    @Override
    public Secrets rotate(String tenant, Instant previousValidUntil) {
        String replaced = secretsOf(tenant).current();
        String secret = newSecret();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":new", AttributeValue.fromS(secret));
        values.put(":old", AttributeValue.fromS(replaced));
        values.put(":until", AttributeValue.fromN(Long.toString(previousValidUntil.toEpochMilli())));
        try {
            dynamo.updateItem(update -> update.tableName(table).key(key(tenant))
                    .updateExpression("SET webhook_secret = :new, previous_webhook_secret = :old, previous_valid_until = :until")
                    .conditionExpression("webhook_secret = :old").expressionAttributeValues(values));
            return new Secrets(secret, Optional.of(replaced), Optional.of(previousValidUntil));
        } catch (ConditionalCheckFailedException e) {
            return rotate(tenant, previousValidUntil); // another rotation won: rotate again from its secret
        }
    }

    private static Secrets secrets(Map<String, AttributeValue> item) {
        Optional<String> previous = Optional.ofNullable(item.get("previous_webhook_secret")).map(AttributeValue::s);
        Optional<Instant> until = Optional.ofNullable(item.get("previous_valid_until")).map(v -> Instant.ofEpochMilli(Long.parseLong(v.n())));
        return new Secrets(item.get("webhook_secret").s(), previous, until);
    }

    private static Map<String, AttributeValue> key(String tenant) {
        return Map.of("pk", AttributeValue.fromS("tenant#" + tenant));
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}

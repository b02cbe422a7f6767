package dev.videojobs.adapter.aws;

import dev.videojobs.core.notify.WebhookSecrets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Secrets as items {@code tenant#<id>} in the Jobs table. The first caller creates the secret with a conditional put,
 * so concurrent first uses agree on one secret. Cached per container: a secret never changes once made.
 */
public final class DynamoWebhookSecrets implements WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public DynamoWebhookSecrets(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public String secretFor(String tenant) {
        return cache.computeIfAbsent(tenant, this::loadOrCreate);
    }

    private String loadOrCreate(String tenant) {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("tenant#" + tenant));
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).key(key).consistentRead(true)).item();
        if (item != null && item.containsKey("webhook_secret")) {
            return item.get("webhook_secret").s();
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(bytes);
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(Map.of("pk", key.get("pk"), "webhook_secret", AttributeValue.fromS(secret)))
                    .conditionExpression("attribute_not_exists(pk)"));
            return secret;
        } catch (ConditionalCheckFailedException e) {
            return loadOrCreate(tenant);
        }
    }
}

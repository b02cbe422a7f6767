package dev.videojobs.adapter.aws;

import dev.videojobs.core.tenant.TenantRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The registry in the Jobs table: one item {@code registry#tenant#<id>} per tenant (registration time and the set of
 * its key ids) and one item {@code registry#apikey#<id>} per API key id naming its tenant. Job ids start with
 * {@code job_}, idempotency items with {@code idem#}, webhook secrets with {@code tenant#}, so no key collides; the
 * items carry none of the index attributes ({@code tenant}, {@code created_at}, {@code provider_task}, {@code due}),
 * so no list or sweep ever reads them. A key and its tenant's key set change in one transaction.
 */
public final class DynamoTenantRegistry implements TenantRegistry {

    static final String TENANT_PREFIX = "registry#tenant#";
    static final String KEY_PREFIX = "registry#apikey#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoTenantRegistry(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean registerTenant(String tenant) {
        TenantRegistry.requireId("tenant id", tenant);
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(Map.of("pk", tenantKey(tenant), "tenant_id", AttributeValue.fromS(tenant),
                            "registered_at", AttributeValue.fromS(clock.instant().toString())))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void addKey(String tenant, String apiKeyId) {
        TenantRegistry.requireId("tenant id", tenant);
        TenantRegistry.requireId("API key id", apiKeyId);
        AttributeValue tenantValue = AttributeValue.fromS(tenant);
        try {
            dynamo.transactWriteItems(write -> write.transactItems(
                    TransactWriteItem.builder().update(update -> update.tableName(table).key(Map.of("pk", tenantKey(tenant)))
                            .updateExpression("ADD api_key_ids :keys")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":keys", keySet(apiKeyId)))).build(),
                    TransactWriteItem.builder().put(put -> put.tableName(table)
                            .item(Map.of("pk", apiKeyKey(apiKeyId), "tenant_id", tenantValue,
                                    "added_at", AttributeValue.fromS(clock.instant().toString())))
                            .conditionExpression("attribute_not_exists(pk) OR tenant_id = :tenant")
                            .expressionAttributeValues(Map.of(":tenant", tenantValue))).build()));
        } catch (TransactionCanceledException e) {
            // which condition failed, read back rather than from the cancellation reasons (not every emulator fills them)
            if (!exists(tenant)) {
                throw new RegistrationException("tenant " + tenant + " is not registered");
            }
            Optional<String> owner = tenantOfKey(apiKeyId);
            if (owner.isPresent() && !owner.get().equals(tenant)) {
                throw new RegistrationException("API key id " + apiKeyId + " belongs to tenant " + owner.get());
            }
            throw e; // a concurrent change of the same items: the operator runs the command again
        }
    }

    @Override
    public boolean removeKey(String tenant, String apiKeyId) {
        AttributeValue tenantValue = AttributeValue.fromS(tenant);
        try {
            dynamo.transactWriteItems(write -> write.transactItems(
                    TransactWriteItem.builder().delete(delete -> delete.tableName(table).key(Map.of("pk", apiKeyKey(apiKeyId)))
                            .conditionExpression("tenant_id = :tenant")
                            .expressionAttributeValues(Map.of(":tenant", tenantValue))).build(),
                    TransactWriteItem.builder().update(update -> update.tableName(table).key(Map.of("pk", tenantKey(tenant)))
                            .updateExpression("DELETE api_key_ids :keys")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":keys", keySet(apiKeyId)))).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (tenantOfKey(apiKeyId).filter(tenant::equals).isPresent()) {
                throw e; // a concurrent change of the same items: the operator runs the command again
            }
            return false;
        }
    }

    @Override
    public Optional<String> tenantOfKey(String apiKeyId) {
        return read(apiKeyKey(apiKeyId)).map(item -> item.get("tenant_id").s());
    }

    @Override
    public boolean exists(String tenant) {
        return read(tenantKey(tenant)).isPresent();
    }

    @Override
    public Optional<Tenant> describe(String tenant) {
        return read(tenantKey(tenant)).map(item -> new Tenant(tenant, Instant.parse(item.get("registered_at").s()),
                item.containsKey("api_key_ids") ? Set.copyOf(item.get("api_key_ids").ss()) : Set.of()));
    }

    /** Consistent reads: a removed key is refused as soon as the callers' caches let go of it. */
    private Optional<Map<String, AttributeValue>> read(AttributeValue pk) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).key(Map.of("pk", pk)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static AttributeValue keySet(String apiKeyId) {
        return AttributeValue.fromSs(List.of(apiKeyId));
    }

    private static AttributeValue tenantKey(String tenant) {
        return AttributeValue.fromS(TENANT_PREFIX + tenant);
    }

    private static AttributeValue apiKeyKey(String apiKeyId) {
        return AttributeValue.fromS(KEY_PREFIX + apiKeyId);
    }
}

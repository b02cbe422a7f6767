package dev.videojobs.adapter.aws;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.json.Utf8;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Jobs in the Jobs table: the document as one string attribute, plus the attributes the indexes need
 * ({@code tenant}/{@code created_at}, {@code provider_task}, and {@code due}/{@code next_check_at} on live jobs only).
 */
public final class DynamoJobStore implements JobStore {

    /** How long an ended job is kept when the function does not say (the template\'s RetentionDays default). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private static final int MAX_INDEX_KEY_BYTES = 2048;
    static final String DELETED_PREFIX = "deleted#";

    static final String DUE_PARTITION = "live";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public DynamoJobStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, DEFAULT_RETENTION);
    }

    /** @param retention how long an ended job is kept: its item carries {@code expires_at}, DynamoDB's TTL attribute */
    public DynamoJobStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public boolean delete(Job job) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(delete -> delete.tableName(table).key(key(job.id()))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", number(job.version())))).build());
        job.providerTaskId().ifPresent(task -> writes.add(TransactWriteItem.builder().put(put -> put.tableName(table)
                .item(deletedJobsTask(job, task))).build()));
        try {
            dynamo.transactWriteItems(write -> write.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                return false;
            }
            throw e;
        }
    }

    /**
     * What stays of a deleted job: its provider task in the {@code by-provider-task} index, under a key no job id can
     * have, and no document (so {@link #get} finds no job). It expires with the job's own retention.
     */
    private Map<String, AttributeValue> deletedJobsTask(Job job, String task) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", string(DELETED_PREFIX + job.id()));
        item.put("provider_task", string(job.provider() + "#" + task));
        job.finishedAt().ifPresent(at -> item.put("expires_at", number(at.plus(retention).getEpochSecond())));
        return item;
    }

    @Override
    public boolean create(Job job) {
        try {
            dynamo.putItem(put -> put.tableName(table).item(toItem(job)).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Job> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() || !item.containsKey("doc") ? Optional.empty() : Optional.of(JobJson.read(item.get("doc").s()));
    }

    @Override
    public boolean replace(Job changed, long expectedVersion) {
        try {
            dynamo.putItem(put -> put.tableName(table).item(toItem(changed))
                    .conditionExpression("version = :expected")
                    .expressionAttributeValues(Map.of(":expected", number(expectedVersion))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<String> findByProviderTask(String provider, String taskId) {
        // a task id no provider gives (empty, or beyond an index key's 2048 bytes) is no job's, and DynamoDB refuses it
        if (taskId.isEmpty() || Utf8.encodedLength(provider + "#" + taskId) > MAX_INDEX_KEY_BYTES) {
            return Optional.empty();
        }
        QueryResponse response = dynamo.query(query -> query.tableName(table).indexName("by-provider-task")
                .keyConditionExpression("provider_task = :task")
                .expressionAttributeValues(Map.of(":task", string(provider + "#" + taskId))));
        return response.items().stream().map(item -> item.get("pk").s()).findFirst();
    }

    @Override
    public JobPage list(String tenant, Optional<JobStatus> status, int limit, Optional<String> cursor) {
        List<Job> jobs = new ArrayList<>();
        Map<String, AttributeValue> startKey = cursor.map(c -> decodeCursor(c, tenant)).orElse(null);
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName("by-tenant")
                    .scanIndexForward(false).limit(limit - jobs.size()).exclusiveStartKey(startKey);
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":tenant", string(tenant)));
            query.keyConditionExpression("tenant = :tenant");
            if (status.isPresent()) {
                query.filterExpression("#status = :status").expressionAttributeNames(Map.of("#status", "status"));
                values.put(":status", string(status.get().wire()));
            }
            QueryResponse response = dynamo.query(query.expressionAttributeValues(values).build());
            response.items().forEach(item -> jobs.add(JobJson.read(item.get("doc").s())));
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (jobs.size() < limit && startKey != null);
        return new JobPage(jobs, Optional.ofNullable(startKey).map(DynamoJobStore::encodeCursor));
    }

    @Override
    public List<String> due(long nowMillis, int limit) {
        QueryResponse response = dynamo.query(query -> query.tableName(table).indexName("due").limit(limit)
                .keyConditionExpression("due = :live AND next_check_at <= :now")
                .expressionAttributeValues(Map.of(":live", string(DUE_PARTITION), ":now", number(nowMillis))));
        return response.items().stream().map(item -> item.get("pk").s()).toList();
    }

    /** Reads the live jobs' keys (the sparse {@code due} index holds only those): each id carries its creation time. */
    @Override
    public Optional<Instant> oldestLiveCreatedAt() {
        return dynamo.queryPaginator(query -> query.tableName(table).indexName("due").keyConditionExpression("due = :live")
                        .expressionAttributeValues(Map.of(":live", string(DUE_PARTITION))))
                .items().stream().map(item -> item.get("pk").s()).filter(JobIds::isWellFormed).map(JobIds::createdAt)
                .min(Comparator.naturalOrder());
    }

    private Map<String, AttributeValue> toItem(Job job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", string(job.id()));
        item.put("tenant", string(job.tenant()));
        item.put("created_at", number(job.spec().createdAt().toEpochMilli()));
        item.put("status", string(job.status().wire()));
        item.put("version", number(job.version()));
        item.put("doc", string(JobJson.write(job)));
        job.providerTaskId().ifPresent(task -> item.put("provider_task", string(job.provider() + "#" + task)));
        if (!job.status().isTerminal()) {
            item.put("due", string(DUE_PARTITION));
            item.put("next_check_at", number(job.nextCheckAt()));
        }
        // DynamoDB removes an ended job's item after the retention (TTL, in epoch seconds), as S3 does its objects
        job.finishedAt().ifPresent(at -> item.put("expires_at", number(at.plus(retention).getEpochSecond())));
        return item;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", string(id));
    }

    private static String encodeCursor(Map<String, AttributeValue> key) {
        String plain = key.get("pk").s() + "\n" + key.get("tenant").s() + "\n" + key.get("created_at").n();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor names a position in one tenant's list; another tenant's cursor is refused. */
    private static Map<String, AttributeValue> decodeCursor(String cursor, String tenant) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n");
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        // only a job id, this tenant and a timestamp reach the table's keys (an over-long or empty key is a 5xx there)
        if (parts.length != 3 || !JobIds.isWellFormed(parts[0]) || !parts[1].equals(tenant) || !parts[2].matches("\\d{1,15}")) {
            throw new InvalidCursorException();
        }
        return Map.of("pk", string(parts[0]), "tenant", string(parts[1]), "created_at", number(Long.parseLong(parts[2])));
    }

    static AttributeValue string(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}

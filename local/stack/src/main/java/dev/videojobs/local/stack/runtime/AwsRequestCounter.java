package dev.videojobs.local.stack.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;

/**
 * Counts the AWS requests made in this JVM by any AWS SDK v2 client, per service and operation ("DynamoDb.PutItem",
 * "Sqs.SendMessage", "S3.UploadPart"...), for cost figures. Fed by {@link CountingExecutionInterceptor}, which the SDK
 * loads for every client from {@code software/amazon/awssdk/global/handlers/execution.interceptors}. One count per
 * HTTP attempt (a retried call counts twice, as AWS bills it); presigning makes no request and counts nothing.
 *
 * <p>Requests made by the local runtime itself for Lambda's part of the work (SQS pollers' receives and deletes,
 * the S3 notification watcher's listings) carry a {@link #CATEGORY} and are kept apart: {@link #snapshot()} has only
 * the uncategorised ones (what the functions and callers did), {@link #internal()} the others keyed
 * "category:Service.Operation", {@link #snapshotAll()} both.
 */
public final class AwsRequestCounter {

    /** Set on a client (see {@link #category}) to count its requests apart from the application's. */
    public static final ExecutionAttribute<String> CATEGORY = new ExecutionAttribute<>("VideoJobsRequestCategory");

    /** Category of requests made by the local runtime on behalf of Lambda event sources (SQS polling). */
    public static final String EVENT_SOURCE = "lambda-event-source";
    /** Category of requests made to emulate S3 event notifications (bucket listings), which AWS does not bill. */
    public static final String S3_WATCHER = "s3-notification-emulation";

    private static final ConcurrentHashMap<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private AwsRequestCounter() {
    }

    /** Client override that files every request of the client under {@code category}. */
    public static void category(ClientOverrideConfiguration.Builder builder, String category) {
        builder.putExecutionAttribute(CATEGORY, category);
    }

    static void record(String category, String service, String operation) {
        String key = (category == null ? "" : category + ":") + service + "." + operation;
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Requests made by the application (functions, tests, tools), sorted by key. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> {
            if (!k.contains(":")) {
                out.put(k, v.sum());
            }
        });
        return out;
    }

    /** Requests made by the local runtime's event-source emulation, keyed "category:Service.Operation". */
    public static Map<String, Long> internal() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> {
            if (k.contains(":")) {
                out.put(k, v.sum());
            }
        });
        return out;
    }

    public static Map<String, Long> snapshotAll() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Sum of {@link #snapshot()}. */
    public static long total() {
        return snapshot().values().stream().mapToLong(Long::longValue).sum();
    }

    public static void reset() {
        COUNTS.clear();
    }
}

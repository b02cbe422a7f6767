package dev.videojobs.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS list prices (us-east-1, 2025) applied to what one batch of jobs was counted doing, per job. Requests come from
 * AwsRequestCounter deltas (one count per HTTP attempt), invocations from the runtime, Lambda durations from
 * {@link FunctionBusySampler} (the runtime records none).
 */
final class CostModel {

    static final String REGION = "us-east-1";
    static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double DYNAMODB_READ_UNIT = 0.125 / 1e6;
    static final double DYNAMODB_WRITE_UNIT = 0.625 / 1e6;
    static final double SQS_REQUEST = 0.40 / 1e6;
    static final double S3_PUT_COPY_POST_LIST = 0.005 / 1000;
    static final double S3_GET = 0.0004 / 1000;
    static final double API_GATEWAY_REST_REQUEST = 3.50 / 1e6;

    /** Operations S3 bills at the PUT, COPY, POST, LIST rate (deletes and aborts are free; the rest at the GET rate). */
    private static final List<String> S3_PUT_CLASS = List.of("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart",
            "CompleteMultipartUpload", "ListObjectsV2", "ListObjects");
    /** PollQueue, FetchQueue and NotifyQueue each have an SQS event source. */
    private static final int EVENT_SOURCE_QUEUES = 3;
    /** Lambda's SQS event source starts with five pollers per queue, each a 20 s long poll while the queue is empty. */
    private static final int LAMBDA_POLLERS_PER_QUEUE = 5;
    private static final double LONG_POLL_SECONDS = 20;

    /** One priced item: how many per job, what that costs, and how the count was made. */
    record Line(String item, double perJob, String unit, double dollarsPerJob, String how) {
    }

    private CostModel() {
    }

    static List<Line> lines(PipelineRun.Result run) {
        double jobs = run.completed();
        Map<String, Long> requests = run.requests();
        List<Line> lines = new ArrayList<>();

        long apiCalls = run.invocations().getOrDefault("SubmitFunction", 0L) + run.invocations().getOrDefault("CallbackFunction", 0L);
        lines.add(line("API Gateway requests", apiCalls / jobs, "requests", API_GATEWAY_REST_REQUEST,
                "invocations of the API's functions (SubmitFunction, CallbackFunction)"));

        long invocations = run.invocations().values().stream().mapToLong(Long::longValue).sum();
        lines.add(line("Lambda requests", invocations / jobs, "invocations", LAMBDA_REQUEST, "every function's invocations"));
        double gbSeconds = 0;
        for (var busy : run.busySeconds().entrySet()) {
            gbSeconds += busy.getValue() * run.memoryMb().getOrDefault(busy.getKey(), 128) / 1024.0;
        }
        lines.add(line("Lambda compute", gbSeconds / jobs, "GB-s", LAMBDA_ARM_GB_SECOND,
                "sampled busy time of each function's threads x its MemorySize (arm64 price)"));

        double item = run.jobItemBytes();
        long reads = count(requests, "DynamoDb", "GetItem");
        long queries = count(requests, "DynamoDb", "Query");
        long writes = count(requests, "DynamoDb", "PutItem") + count(requests, "DynamoDb", "UpdateItem")
                + count(requests, "DynamoDb", "DeleteItem");
        double readUnits = reads * Math.ceil(item / 4096) + queries * 0.5;
        double writeUnits = writes * (2 * Math.ceil(item / 1024) + 1);
        lines.add(line("DynamoDB reads", readUnits / jobs, "read units", DYNAMODB_READ_UNIT, String.format(Locale.ROOT,
                "%.1f GetItem (consistent, ceil(item/4 KB) units) + %.1f Query on keys-only indexes (0.5 unit) per job",
                reads / jobs, queries / jobs)));
        lines.add(line("DynamoDB writes", writeUnits / jobs, "write units", DYNAMODB_WRITE_UNIT, String.format(Locale.ROOT,
                "%.1f writes per job, each priced as a job item of %.0f bytes: ceil(item/1 KB) units on the table and again on "
                        + "by-tenant (projects ALL), +1 on due; an estimate (idempotency and secret items are smaller)",
                writes / jobs, item)));

        long sends = count(requests, "Sqs", null);
        long nonEmptyReceives = run.eventSourceRequests().getOrDefault("lambda-event-source:Sqs.DeleteMessageBatch", 0L);
        double idlePolls = EVENT_SOURCE_QUEUES * LAMBDA_POLLERS_PER_QUEUE * run.elapsedSeconds() / LONG_POLL_SECONDS;
        double sqs = sends + 2.0 * nonEmptyReceives + idlePolls;
        lines.add(line("SQS requests", sqs / jobs, "requests", SQS_REQUEST, String.format(Locale.ROOT,
                "%.2f sends + %.2f receives that got messages + as many batch deletes + %.2f empty 20 s long polls "
                        + "(5 pollers x 3 queues over the batch) per job; the local pollers' 1 s polls are not used",
                sends / jobs, nonEmptyReceives / jobs, idlePolls / jobs)));

        long puts = 0;
        for (String operation : S3_PUT_CLASS) {
            puts += count(requests, "S3", operation);
        }
        long free = count(requests, "S3", "DeleteObject") + count(requests, "S3", "AbortMultipartUpload");
        long gets = count(requests, "S3", null) - puts - free;
        double providerGets = jobs; // one input image per job, fetched by the provider through its presigned URL
        lines.add(line("S3 PUT/COPY/POST/LIST", puts / jobs, "requests", S3_PUT_COPY_POST_LIST, "SDK requests"));
        lines.add(line("S3 GET/HEAD", (gets + providerGets) / jobs, "requests", S3_GET,
                "SDK requests + the provider's presigned GET of the input image (1 per job, not an SDK request)"));
        return lines;
    }

    static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::dollarsPerJob).sum();
    }

    private static Line line(String item, double perJob, String unit, double price, String how) {
        return new Line(item, perJob, unit, perJob * price, how);
    }

    /** Requests of {@code service} (any operation when {@code operation} is null). */
    private static long count(Map<String, Long> requests, String service, String operation) {
        long total = 0;
        for (var entry : requests.entrySet()) {
            String key = entry.getKey();
            int dot = key.indexOf('.');
            if (dot > 0 && key.substring(0, dot).equalsIgnoreCase(service)
                    && (operation == null || key.substring(dot + 1).equals(operation))) {
                total += entry.getValue();
            }
        }
        return total;
    }
}

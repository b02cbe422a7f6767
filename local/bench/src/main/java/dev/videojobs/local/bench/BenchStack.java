package dev.videojobs.local.bench;

import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.local.sim.SimulatorOptions;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.runtime.AwsRequestCounter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack as the benchmarks use it, with the benchmark's own AWS clients. Those clients file their requests
 * under {@link #TOOLING} in {@link AwsRequestCounter}, so fixtures and read-backs never count as the system's cost.
 */
final class BenchStack implements AutoCloseable {

    static final String TOOLING = "bench-tooling";
    /** The template's queues that feed functions. */
    private static final List<String> WORK_QUEUES = List.of("PollQueue", "FetchQueue", "NotifyQueue");
    /** Waiting or delayed messages; not those received and not deleted, which a failure leaves for the visibility timeout. */
    private static final List<QueueAttributeName> PENDING = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    private final LocalStack stack;
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final SqsClient sqs;

    private BenchStack(LocalStack stack) {
        this.stack = stack;
        this.dynamo = AwsClients.dynamoDb(stack.aws(), c -> AwsRequestCounter.category(c, TOOLING));
        this.s3 = AwsClients.s3(stack.aws(), c -> AwsRequestCounter.category(c, TOOLING));
        this.sqs = AwsClients.sqs(stack.aws(), c -> AwsRequestCounter.category(c, TOOLING));
    }

    /** A fresh stack whose provider simulator finishes tasks after {@code processingTime}. */
    static BenchStack start(Duration processingTime) {
        SimulatorOptions simulator = SimulatorOptions.defaults().withProcessingTime(processingTime);
        return new BenchStack(LocalStack.start(LocalStack.Options.defaults().withSimulator(simulator)));
    }

    LocalStack stack() {
        return stack;
    }

    String apiKey() {
        return Tenants.DEFAULT_KEY;
    }

    String tenant() {
        return stack.apiKeys().get(apiKey());
    }

    ApiClient api() {
        return new ApiClient(stack.apiUrl(), apiKey());
    }

    String table() {
        return stack.resources().tableName("JobsTable");
    }

    String bucket() {
        return stack.bucket();
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    S3Client s3() {
        return s3;
    }

    DynamoJobStore jobs() {
        return new DynamoJobStore(dynamo, table());
    }

    Map<String, String> environment(String functionLogicalId) {
        return stack.runtime().environment(functionLogicalId);
    }

    long totalInvocations() {
        return stack.runtime().invocationCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until no function has been invoked for {@code calm} (at most {@code max}), so that background work of
     * the previous step does not share the CPU with the next measurement.
     */
    void awaitQuiet(Duration calm, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long last = totalInvocations();
        long calmSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = totalInvocations();
            if (now != last) {
                last = now;
                calmSince = System.nanoTime();
            } else if (System.nanoTime() - calmSince >= calm.toNanos()) {
                return;
            }
        }
    }

    /**
     * Waits until the work queues hold no waiting or delayed message (at most {@code max}): a job's work is only all
     * counted once its last message, e.g. a check planned before its callback came, has been received.
     */
    void awaitDrained(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && messagesInQueues() > 0) {
            Thread.sleep(200);
        }
    }

    private long messagesInQueues() {
        long total = 0;
        for (String queue : WORK_QUEUES) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get
                    .queueUrl(stack.resources().queueUrl(queue)).attributeNames(PENDING)).attributes();
            total += attributes.values().stream().mapToLong(Long::parseLong).sum();
        }
        return total;
    }

    @Override
    public void close() {
        dynamo.close();
        s3.close();
        sqs.close();
        stack.close();
    }
}

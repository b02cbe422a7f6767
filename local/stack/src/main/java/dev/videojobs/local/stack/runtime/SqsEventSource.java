package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.aws.AwsEndpoints;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping: pollers receive up to BatchSize messages (1 s long polls), invoke the function
 * with an SQSEvent, then delete the messages that succeeded. With ReportBatchItemFailures, the ones listed in
 * SQSBatchResponse.batchItemFailures stay (a failure naming no message of the batch fails the whole batch, as on
 * AWS); if the function throws or times out none is deleted. Messages left come back after the queue's visibility
 * timeout, and the queue's RedrivePolicy moves them to the dead-letter queue after maxReceiveCount receives.
 */
final class SqsEventSource implements AutoCloseable {

    private final LambdaFunction function;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final boolean reportBatchItemFailures;
    private final String region;
    private final SqsClient sqs;
    private final ExecutorService pollers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long lastErrorLog;

    SqsEventSource(LambdaFunction function, String queueUrl, String queueArn, int batchSize,
                   boolean reportBatchItemFailures, int concurrency, AwsEndpoints endpoints) {
        this.function = function;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = Math.max(1, Math.min(10, batchSize));
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.region = endpoints.region();
        this.sqs = AwsClients.sqs(endpoints, c -> AwsRequestCounter.category(c, AwsRequestCounter.EVENT_SOURCE));
        AtomicInteger n = new AtomicInteger();
        String name = "sqs-poller-" + function.definition().logicalId() + "-";
        this.pollers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, name + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < concurrency; i++) {
            pollers.submit(this::poll);
        }
    }

    private volatile boolean duplicateDeliveries;

    private void poll() {
        while (running) {
            List<Message> messages;
            try {
                messages = receive();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                logError("receive from " + queueUrl + " failed: " + e);
                pause();
                continue;
            }
            if (messages.isEmpty() || !running) {
                // Not delivered when stopping: the messages come back after their visibility timeout.
                continue;
            }
            try {
                Set<String> failed = duplicateDeliveries ? invokeTwice(messages) : invoke(messages);
                delete(messages, failed);
            } catch (RuntimeException e) {
                // Whatever went wrong, the poller goes on; undeleted messages come back after the visibility timeout.
                logError("batch from " + queueUrl + " failed: " + e);
            }
        }
    }

    @SuppressWarnings("deprecation")
    private List<Message> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds(1)
                .attributeNamesWithStrings("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    /**
     * SQS delivers at least once: with duplicates on, each batch reaches two concurrent invocations (the worst case of
     * a redelivery), and a message is kept if either failed it.
     */
    private Set<String> invokeTwice(List<Message> messages) {
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> invoke(messages));
        Set<String> failed = new java.util.HashSet<>(invoke(messages));
        failed.addAll(second.join());
        return failed;
    }

    void deliverEveryMessageTwice(boolean enabled) {
        duplicateDeliveries = enabled;
    }

    /** Message ids to keep (not delete). */
    private Set<String> invoke(List<Message> messages) {
        Set<String> all = new HashSet<>();
        messages.forEach(m -> all.add(m.messageId()));
        Object result;
        try {
            result = function.invoke(event(messages));
        } catch (LambdaFunction.FunctionError e) {
            return all;
        }
        if (!reportBatchItemFailures || !(result instanceof SQSBatchResponse response)
                || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            String id = f == null ? null : f.getItemIdentifier();
            if (id == null || id.isBlank() || !all.contains(id)) {
                System.err.println("[" + function.definition().logicalId() + "] batchItemFailures names "
                        + (id == null || id.isBlank() ? "no message id" : "unknown message " + id)
                        + ": the whole batch failed");
                return all;
            }
            failed.add(id);
        }
        return failed;
    }

    private void delete(List<Message> messages, Set<String> keep) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (Message m : messages) {
            if (!keep.contains(m.messageId())) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(entries.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!entries.isEmpty()) {
            var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                logError("could not delete " + response.failed().size() + " message(s) from " + queueUrl + ": "
                        + response.failed().get(0).message());
            }
        }
    }

    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            r.setAttributes(new LinkedHashMap<>(m.attributesAsStrings()));
            Map<String, SQSEvent.MessageAttribute> attrs = new LinkedHashMap<>();
            m.messageAttributes().forEach((k, v) -> attrs.put(k, attribute(v)));
            r.setMessageAttributes(attrs);
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion(region);
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue v) {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType(v.dataType());
        a.setStringValue(v.stringValue());
        if (v.binaryValue() != null) {
            a.setBinaryValue(ByteBuffer.wrap(v.binaryValue().asByteArray()));
        }
        if (v.hasStringListValues() && !v.stringListValues().isEmpty()) {
            a.setStringListValues(v.stringListValues());
        }
        if (v.hasBinaryListValues() && !v.binaryListValues().isEmpty()) {
            a.setBinaryListValues(v.binaryListValues().stream().map(SdkBytes::asByteBuffer).toList());
        }
        return a;
    }

    private void pause() {
        try {
            stopped.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void logError(String message) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            System.err.println("[sqs-event-source " + function.definition().logicalId() + "] " + message);
        }
    }

    @Override
    public void close() {
        running = false;
        stopped.countDown();
        pollers.shutdown();
        try {
            if (!pollers.awaitTermination(5, TimeUnit.SECONDS)) {
                pollers.shutdownNow();
            }
        } catch (InterruptedException e) {
            pollers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        sqs.close();
    }
}

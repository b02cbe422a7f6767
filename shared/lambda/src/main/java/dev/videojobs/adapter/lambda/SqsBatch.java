package dev.videojobs.adapter.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.json.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loop every queue handler shares: each record handled on its own, failures reported as partial batch failures
 * (so only they come back, and after the queue's maxReceiveCount they land in its dead-letter queue), and messages
 * that arrived before their {@code not_before} sent on for another hop. Only a body that is not a job message is
 * dropped: no retry can make it one. Any other failure, whatever its type, is retried and noted on its job.
 */
public final class SqsBatch {

    public interface MessageHandler {
        void handle(JobMessage message) throws Exception;
    }

    /** Told of each failed delivery, so that the job shows why it is not moving. */
    public interface FailureNotes {
        void note(JobMessage message, int receiveCount);
    }

    private final WorkQueue queue;
    private final WorkQueue.Name self;
    private final Clock clock;
    private final FailureNotes notes;

    public SqsBatch(WorkQueue queue, WorkQueue.Name self, Clock clock, FailureNotes notes) {
        this.queue = queue;
        this.self = self;
        this.clock = clock;
        this.notes = notes;
    }

    public SQSBatchResponse process(SQSEvent event, MessageHandler handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            JobMessage message;
            try {
                message = JobMessage.parse(record.getBody());
            } catch (IllegalArgumentException e) {
                JsonLog.warn("message_dropped", "not a job message: " + e.getMessage(), "message_id", record.getMessageId());
                continue;
            }
            try {
                if (message.notBefore() != null && message.notBefore().isAfter(clock.instant())) {
                    queue.send(self, message.notBefore(null), Duration.between(clock.instant(), message.notBefore()));
                } else {
                    handler.handle(message);
                }
            } catch (Exception e) {
                int receiveCount = receiveCount(record);
                JsonLog.error("message_failed", "the message is retried", e, "message_id", record.getMessageId(),
                        "action", message.action(), "job_id", message.jobId(), "delivery", receiveCount);
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                noteOnJob(message, receiveCount);
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Best effort: when the job store is what failed, the note fails too, and the retry stands regardless. */
    private void noteOnJob(JobMessage message, int receiveCount) {
        try {
            notes.note(message, receiveCount);
        } catch (Exception e) {
            JsonLog.error("failure_not_noted", "could not note the failure on the job", e, "job_id", message.jobId());
        }
    }

    /** The first frame in our own code: where a bug is, without a whole stack trace per failed message. */
    private static int receiveCount(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        return count != null && count.matches("\\d{1,9}") ? Integer.parseInt(count) : 1;
    }
}

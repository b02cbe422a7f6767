package dev.videojobs.shared.queue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop every queue handler shares: each record handled on its own, failures reported as partial batch failures
 * (so only they come back), and messages that arrived before their {@code not_before} sent on for another hop.
 */
public final class SqsBatch {

    public interface MessageHandler {
        void handle(JobMessage message) throws Exception;
    }

    private final WorkQueue queue;
    private final WorkQueue.Name self;
    private final Clock clock;

    public SqsBatch(WorkQueue queue, WorkQueue.Name self, Clock clock) {
        this.queue = queue;
        this.self = self;
        this.clock = clock;
    }

    public SQSBatchResponse process(SQSEvent event, MessageHandler handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            try {
                JobMessage message = JobMessage.parse(record.getBody());
                if (message.notBefore() != null && message.notBefore().isAfter(clock.instant())) {
                    queue.send(self, message.notBefore(null), Duration.between(clock.instant(), message.notBefore()));
                } else {
                    handler.handle(message);
                }
            } catch (IllegalArgumentException e) {
                // a body that is not ours can never succeed: drop it rather than loop it to the DLQ
                System.err.println("dropping malformed message " + record.getMessageId() + ": " + e.getMessage());
            } catch (Exception e) {
                System.err.println("message " + record.getMessageId() + " failed: " + e);
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}

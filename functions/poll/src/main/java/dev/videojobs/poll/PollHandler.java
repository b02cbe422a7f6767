package dev.videojobs.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.usecase.JobWorkflow;
import java.util.Map;

/** PollFunction: PollQueue messages forward queued jobs to their provider and check submitted ones. */
public final class PollHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final JobWorkflow workflow;
    private final SqsBatch batch;

    public PollHandler() {
        this(System.getenv());
    }

    public PollHandler(Map<String, String> environment) {
        PollComponents components = PollComponents.primedForSnapStart(environment);
        this.workflow = components.workflow;
        this.batch = new SqsBatch(components.aws.queue(), WorkQueue.Name.POLL, components.clock, workflow::noteFailure);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, message -> {
            switch (message.action()) {
                case FORWARD -> workflow.forward(message.jobId());
                case CHECK -> workflow.check(message.jobId(), message.checkSequence());
                // sent to the wrong queue by a bug: retried, then kept in the dead-letter queue for a look
                default -> throw new IllegalStateException("PollQueue does not take " + message.action());
            }
        });
    }

}

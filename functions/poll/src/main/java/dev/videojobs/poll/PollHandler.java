package dev.videojobs.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.adapter.lambda.LambdaRequest;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.core.usecase.CheckJob;
import dev.videojobs.core.usecase.ForwardJob;
import java.util.Map;

/** PollFunction: PollQueue messages forward queued jobs to their provider and check submitted ones. */
public final class PollHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final ForwardJob forward;
    private final CheckJob check;
    private final SqsBatch batch;

    public PollHandler() {
        this(System.getenv());
    }

    public PollHandler(Map<String, String> environment) {
        this(PollComponents.primedForSnapStart(environment));
    }

    private PollHandler(PollComponents components) {
        this(components.forwardJob(), components.checkJob(), components.pollQueueBatch());
    }

    PollHandler(ForwardJob forward, CheckJob check, SqsBatch batch) {
        this.forward = forward;
        this.check = check;
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LambdaRequest.begin(context);
        return batch.process(event, message -> {
            switch (message.action()) {
                case FORWARD -> forward.forward(message.jobId());
                case CHECK -> check.check(message.jobId(), message.checkSequence());
                // sent to the wrong queue by a bug: retried, then kept in the dead-letter queue for a look
                default -> throw new IllegalStateException("PollQueue does not take " + message.action());
            }
        });
    }
}

package dev.videojobs.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.adapter.lambda.LambdaRequest;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.usecase.DeliverNotification;
import java.util.Map;

/** NotifyFunction: NotifyQueue messages deliver a job's signed webhook and its result file. */
public final class NotifyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final DeliverNotification deliver;
    private final SqsBatch batch;

    public NotifyHandler() {
        this(System.getenv());
    }

    public NotifyHandler(Map<String, String> environment) {
        this(FetchComponents.primedForSnapStart(environment));
    }

    private NotifyHandler(FetchComponents components) {
        this(components.deliverNotification(), components.batch(WorkQueue.Name.NOTIFY));
    }

    NotifyHandler(DeliverNotification deliver, SqsBatch batch) {
        this.deliver = deliver;
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LambdaRequest.begin(context);
        return batch.process(event, message -> deliver.deliver(message.jobId(), message.eventId()));
    }
}

package dev.videojobs.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.core.queue.WorkQueue;
import java.util.Map;

/** NotifyFunction: NotifyQueue messages deliver a job's signed webhook and its result file. */
public final class NotifyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final NotifyService notify;
    private final SqsBatch batch;

    public NotifyHandler() {
        this(System.getenv());
    }

    public NotifyHandler(Map<String, String> environment) {
        FetchComponents components = FetchComponents.primedForSnapStart(environment);
        this.notify = new NotifyService(components.aws.jobStore(), components.transitions, components.jobView, components.aws.media(),
                components.aws.webhookSecrets(), new SafeWebhookSender(components.fetcher), components.aws.queue(), components.schedules);
        this.batch = new SqsBatch(components.aws.queue(), WorkQueue.Name.NOTIFY, components.clock, components.workflow::noteFailure);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, message -> notify.notify(message.jobId(), message.eventId()));
    }
}

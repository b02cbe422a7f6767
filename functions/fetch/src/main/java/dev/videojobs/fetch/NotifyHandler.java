package dev.videojobs.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.shared.config.Config;
import dev.videojobs.shared.queue.SqsBatch;
import dev.videojobs.shared.queue.WorkQueue;
import dev.videojobs.shared.service.Components;
import java.util.Map;

/** NotifyFunction: NotifyQueue messages deliver a job's signed webhook and its result file. */
public final class NotifyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final NotifyService notify;
    private final SqsBatch batch;

    public NotifyHandler() {
        this(System.getenv());
    }

    public NotifyHandler(Map<String, String> environment) {
        Components components = new Components(new Config(environment)).primedForSnapStart();
        this.notify = new NotifyService(components.jobStore(), components.transitions(), components.jobView(), components.media(),
                components.webhookSecrets(), new SafeWebhookSender(components.safeFetcher()), components.queue(), components.schedules());
        this.batch = new SqsBatch(components.queue(), WorkQueue.Name.NOTIFY, components.clock(), components.workflow()::noteFailure);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, message -> notify.notify(message.jobId(), message.eventId()));
    }
}

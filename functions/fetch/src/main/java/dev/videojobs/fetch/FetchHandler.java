package dev.videojobs.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.core.queue.WorkQueue;
import java.util.Map;

/** FetchFunction: FetchQueue messages copy a finished job's outputs into S3. */
public final class FetchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final FetchService fetch;
    private final SqsBatch batch;

    public FetchHandler() {
        this(System.getenv());
    }

    public FetchHandler(Map<String, String> environment) {
        FetchComponents components = FetchComponents.primedForSnapStart(environment);
        this.fetch = new FetchService(components.workflow, components.aws.media(), components.fetcher);
        this.batch = new SqsBatch(components.aws.queue(), WorkQueue.Name.FETCH, components.clock, components.workflow::noteFailure);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, message -> fetch.fetch(message.jobId()));
    }
}

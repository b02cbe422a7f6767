package dev.videojobs.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.adapter.lambda.LambdaRequest;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.usecase.CopyOutputs;
import java.util.Map;

/** FetchFunction: FetchQueue messages copy a finished job's outputs into S3. */
public final class FetchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final CopyOutputs copy;
    private final SqsBatch batch;

    public FetchHandler() {
        this(System.getenv());
    }

    public FetchHandler(Map<String, String> environment) {
        this(FetchComponents.primedForSnapStart(environment));
    }

    private FetchHandler(FetchComponents components) {
        this(components.copyOutputs(), components.batch(WorkQueue.Name.FETCH));
    }

    FetchHandler(CopyOutputs copy, SqsBatch batch) {
        this.copy = copy;
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LambdaRequest.begin(context);
        return batch.process(event, message -> copy.copy(message.jobId()));
    }
}

package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQS handler reporting the messages whose body starts with FAIL_PREFIX as batch item failures. */
public class BatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final String failPrefix;

    public BatchHandler(Map<String, String> env) {
        this.failPrefix = env.get("FAIL_PREFIX");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            Recorder.record("batch", m.getBody() + "#" + m.getAttributes().get("ApproximateReceiveCount"));
            Recorder.record("batch-source", m.getEventSource() + " " + m.getEventSourceArn());
            if (m.getBody().startsWith(failPrefix)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}

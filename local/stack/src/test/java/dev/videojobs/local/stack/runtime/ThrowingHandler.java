package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;

/** SQS handler that always throws. */
public class ThrowingHandler implements RequestHandler<SQSEvent, Void> {

    public ThrowingHandler(Map<String, String> env) {
    }

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        event.getRecords().forEach(m -> Recorder.record("crash", m.getBody()));
        throw new IllegalStateException("boom (expected by the test)");
    }
}

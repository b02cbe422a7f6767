package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.Map;

/** Schedule handler recording each tick's detail type and source. */
public class TickHandler implements RequestHandler<ScheduledEvent, Void> {

    public TickHandler(Map<String, String> env) {
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        Recorder.record("tick", event.getDetailType() + " " + event.getSource() + " " + event.getResources());
        return null;
    }
}

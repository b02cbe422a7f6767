package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import java.util.Map;

/** S3 handler recording each record as "eventName bucket key size eTag". */
public class RecordingS3Handler implements RequestHandler<S3Event, String> {

    public RecordingS3Handler(Map<String, String> env) {
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        for (S3EventNotification.S3EventNotificationRecord r : event.getRecords()) {
            Recorder.record("s3", r.getEventName() + " " + r.getS3().getBucket().getName() + " "
                    + r.getS3().getObject().getKey() + " " + r.getS3().getObject().getSizeAsLong() + " "
                    + r.getS3().getObject().geteTag());
        }
        return "ok";
    }
}

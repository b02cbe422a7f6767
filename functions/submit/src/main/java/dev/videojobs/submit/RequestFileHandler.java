package dev.videojobs.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.videojobs.adapter.lambda.LambdaRequest;
import dev.videojobs.core.usecase.AcceptRequestFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** RequestFileFunction: S3 ObjectCreated under requests/ becomes a job. */
public final class RequestFileHandler implements RequestHandler<S3Event, Void> {

    private final AcceptRequestFile requests;

    public RequestFileHandler() {
        this(System.getenv());
    }

    public RequestFileHandler(Map<String, String> environment) {
        this(SubmitComponents.primedForSnapStart(environment));
    }

    private RequestFileHandler(SubmitComponents components) {
        this(components.acceptRequestFile(components.tenants()));
    }

    RequestFileHandler(AcceptRequestFile requests) {
        this.requests = requests;
    }

    @Override
    public Void handleRequest(S3Event event, Context context) {
        LambdaRequest.begin(context);
        // S3 sends keys URL-encoded, spaces as '+'
        event.getRecords().forEach(record -> requests.accept(
                URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8),
                record.getS3().getObject().geteTag()));
        return null;
    }
}

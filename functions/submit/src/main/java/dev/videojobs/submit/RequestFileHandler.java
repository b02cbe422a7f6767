package dev.videojobs.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.videojobs.core.tenant.TenantRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** RequestFileFunction: S3 ObjectCreated under requests/ becomes a job. */
public final class RequestFileHandler implements RequestHandler<S3Event, Void> {

    private final RequestFileService requests;

    public RequestFileHandler() {
        this(System.getenv());
    }

    public RequestFileHandler(Map<String, String> environment) {
        this(SubmitComponents.primedForSnapStart(environment));
    }

    private RequestFileHandler(SubmitComponents components) {
        this(components, components.aws.tenantRegistry());
    }

    /** The function's wiring with the given registry (for handler tests). */
    RequestFileHandler(SubmitComponents components, TenantRegistry tenants) {
        this.requests = new RequestFileService(components.submitService, components.aws.media(), tenants);
    }

    @Override
    public Void handleRequest(S3Event event, Context context) {
        // S3 sends keys URL-encoded, spaces as '+'
        event.getRecords().forEach(record -> requests.accept(
                URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8),
                record.getS3().getObject().geteTag()));
        return null;
    }
}

package dev.videojobs.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.videojobs.adapter.lambda.ApiGatewayEvents;
import dev.videojobs.core.tenant.TenantRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** SubmitFunction: the client API behind API Gateway. */
public final class ApiHandler implements RequestStreamHandler {

    private final ClientApi api;

    public ApiHandler() {
        this(System.getenv());
    }

    public ApiHandler(Map<String, String> environment) {
        this(SubmitComponents.primedForSnapStart(environment));
    }

    private ApiHandler(SubmitComponents components) {
        this(components, components.aws.tenantRegistry());
    }

    /** The function's wiring with the given registry (handler tests register the sample events' key in one). */
    ApiHandler(SubmitComponents components, TenantRegistry tenants) {
        this.api = new ClientApi(components.submitService, components.workflow, components.aws.jobStore(), components.jobView,
                components.aws.media(), components.aws.webhookSecrets(), tenants);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        ApiGatewayEvents.handle(event, response, api::handle);
    }
}

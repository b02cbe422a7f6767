package dev.videojobs.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.videojobs.shared.api.ApiGatewayEvents;
import dev.videojobs.shared.config.Config;
import dev.videojobs.shared.service.Components;
import dev.videojobs.shared.tenant.TenantRegistry;
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
        this(new Components(new Config(environment)).primedForSnapStart());
    }

    private ApiHandler(Components components) {
        this(components, components.tenantRegistry());
    }

    /** The function's wiring with the given registry (handler tests register the sample events' key in one). */
    ApiHandler(Components components, TenantRegistry tenants) {
        this.api = new ClientApi(components.submitService(), components.workflow(), components.jobStore(), components.jobView(),
                components.media(), components.webhookSecrets(), tenants);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        ApiGatewayEvents.handle(event, response, api::handle);
    }
}

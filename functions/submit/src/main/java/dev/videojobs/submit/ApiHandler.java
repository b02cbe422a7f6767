package dev.videojobs.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.videojobs.adapter.lambda.ApiGatewayEvents;
import dev.videojobs.adapter.lambda.LambdaRequest;
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
        this(components.clientApi(components.tenants()));
    }

    ApiHandler(ClientApi api) {
        this.api = api;
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        LambdaRequest.begin(context);
        ApiGatewayEvents.handle(event, response, api::handle);
    }
}

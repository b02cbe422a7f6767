package dev.videojobs.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.videojobs.adapter.lambda.ApiGatewayEvents;
import dev.videojobs.adapter.lambda.LambdaRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** CallbackFunction: provider webhooks (no API key; authenticated or confirmed per provider). */
public final class CallbackHandler implements RequestStreamHandler {

    private final CallbackApi callbacks;

    public CallbackHandler() {
        this(System.getenv());
    }

    public CallbackHandler(Map<String, String> environment) {
        this(PollComponents.primedForSnapStart(environment).callbackApi());
    }

    CallbackHandler(CallbackApi callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        LambdaRequest.begin(context);
        ApiGatewayEvents.handle(event, response, callbacks::handle);
    }
}

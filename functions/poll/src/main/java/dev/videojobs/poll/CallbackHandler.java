package dev.videojobs.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.videojobs.adapter.lambda.ApiGatewayEvents;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.core.model.ProviderName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** CallbackFunction: provider webhooks (no API key; authenticated or confirmed per provider). */
public final class CallbackHandler implements RequestStreamHandler {

    private final CallbackService callbacks;

    public CallbackHandler() {
        this(System.getenv());
    }

    public CallbackHandler(Map<String, String> environment) {
        PollComponents components = PollComponents.primedForSnapStart(environment);
        String secret = components.credentials.waveSpeedWebhookSecret();
        WaveSpeedWebhookVerifier verifier = secret == null ? null : new WaveSpeedWebhookVerifier(secret, components.clock);
        this.callbacks = new CallbackService(components.workflow, components.aws.jobStore(), () -> {
            if (verifier == null) {
                throw new IllegalStateException("wavespeed_webhook_secret is not configured");
            }
            return verifier;
        }, () -> components.providers.get(ProviderName.KLING));
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        ApiGatewayEvents.handle(event, response, callbacks::handle);
    }
}

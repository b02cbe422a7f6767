package dev.videojobs.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.videojobs.shared.api.ApiGatewayEvents;
import dev.videojobs.shared.config.Config;
import dev.videojobs.shared.model.ProviderName;
import dev.videojobs.shared.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.shared.service.Components;
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
        Components components = new Components(new Config(environment)).primedForSnapStart();
        String secret = components.providerCredentials().waveSpeedWebhookSecret();
        WaveSpeedWebhookVerifier verifier = secret == null ? null : new WaveSpeedWebhookVerifier(secret, components.clock());
        this.callbacks = new CallbackService(components.workflow(), components.jobStore(), () -> {
            if (verifier == null) {
                throw new IllegalStateException("wavespeed_webhook_secret is not configured");
            }
            return verifier;
        }, () -> components.provider(ProviderName.KLING));
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        ApiGatewayEvents.handle(event, response, callbacks::handle);
    }
}

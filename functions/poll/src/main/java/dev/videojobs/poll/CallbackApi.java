package dev.videojobs.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.adapter.lambda.ApiRequest;
import dev.videojobs.adapter.lambda.ApiResponse;
import dev.videojobs.adapter.provider.WaveSpeedProvider;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.usecase.AcceptCallback;
import dev.videojobs.json.Json;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The provider callback routes: WaveSpeed's signed bodies are verified and read here, in the provider's terms, and
 * handed on as reports; Kling's unsigned ones only name the job by its token.
 */
public final class CallbackApi {

    private static final ApiResponse RECEIVED = ApiResponse.of(200, Json.object().put("received", true));

    private final AcceptCallback callbacks;
    private final Supplier<WaveSpeedWebhookVerifier> waveSpeedVerifier;

    public CallbackApi(AcceptCallback callbacks, Supplier<WaveSpeedWebhookVerifier> waveSpeedVerifier) {
        this.callbacks = callbacks;
        this.waveSpeedVerifier = waveSpeedVerifier;
    }

    public ApiResponse handle(ApiRequest request) {
        return switch (request.route()) {
            case "POST /v1/callbacks/wavespeed" -> waveSpeed(request);
            case "POST /v1/callbacks/kling/{token}" -> kling(request);
            default -> throw new ClientError(ClientError.Kind.NOT_FOUND, "not_found", "no route " + request.route(), null);
        };
    }

    private ApiResponse waveSpeed(ApiRequest request) {
        String body = request.body() == null ? "" : request.body();
        boolean authentic = waveSpeedVerifier.get().verify(request.header("webhook-id").orElse(null),
                request.header("webhook-timestamp").orElse(null), request.header("webhook-signature").orElse(null), body);
        if (!authentic) {
            throw new ClientError(ClientError.Kind.UNAUTHENTICATED, "invalid_signature", "webhook signature is missing, stale or wrong",
                    "webhook-signature");
        }
        TaskState state;
        try {
            JsonNode prediction = Json.parse(body);
            state = WaveSpeedProvider.prediction(prediction.has("data") ? prediction.get("data") : prediction);
        } catch (Exception e) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_callback", "body is not a WaveSpeed prediction", null);
        }
        // ?job= is never trusted: only the token (or, without one, the signed task id) names the job
        callbacks.signedReport(ProviderName.WAVESPEED, request.queryParameter("token"), state);
        return RECEIVED;
    }

    private ApiResponse kling(ApiRequest request) {
        callbacks.unsignedNotice(Optional.ofNullable(request.pathParameter("token")).orElse(""));
        return RECEIVED;
    }
}

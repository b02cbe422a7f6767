package dev.videojobs.shared.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.shared.json.Json;
import dev.videojobs.shared.model.ProductModel;
import dev.videojobs.shared.model.ProviderName;
import dev.videojobs.shared.provider.ProviderException.Kind;
import dev.videojobs.shared.provider.TaskState.Phase;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** WaveSpeedAI REST API v3 (providers.md): submit with {@code ?webhook=}, result at /api/v3/predictions/{id}/result. */
public final class WaveSpeedProvider implements VideoProvider {

    private final URI baseUrl;
    private final String apiKey;
    private final ProviderHttp http;

    public WaveSpeedProvider(URI baseUrl, String apiKey, ProviderHttp http) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.http = http;
    }

    @Override
    public ProviderName name() {
        return ProviderName.WAVESPEED;
    }

    @Override
    public String submit(SubmitRequest request) throws ProviderException {
        ProductModel.Route route = request.model().route(ProviderName.WAVESPEED).orElseThrow();
        // base64 output cannot be combined with a webhook: such jobs are followed by polling alone
        boolean base64 = request.params().path("enable_base64_output").asBoolean(false);
        String query = request.callbackUrl().filter(url -> !base64)
                .map(url -> "?webhook=" + URLEncoder.encode(url.toString(), StandardCharsets.UTF_8)).orElse("");
        URI uri = URI.create(baseUrl + "/api/v3/" + route.endpoint() + query);
        ProviderHttp.Response response = http.post(uri, "Bearer " + apiKey, body(request));
        JsonNode data = envelope(response).path("data");
        String id = Json.text(data, "id");
        if (id == null) {
            throw ProviderException.retryable("provider_bad_response", "WaveSpeed accepted the task but sent no id");
        }
        return id;
    }

    @Override
    public TaskState query(ProductModel model, String taskId) throws ProviderException {
        URI uri = URI.create(baseUrl + "/api/v3/predictions/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/result");
        return prediction(envelope(http.get(uri, "Bearer " + apiKey)).path("data"));
    }

    /** The prediction object, as in the result's {@code data} and the body WaveSpeed POSTs to our webhook. */
    public static TaskState prediction(JsonNode data) throws ProviderException {
        String id = Json.text(data, "id");
        String status = Json.text(data, "status");
        if (id == null || status == null) {
            throw ProviderException.retryable("provider_bad_response", "WaveSpeed prediction without id or status");
        }
        List<String> outputs = new ArrayList<>();
        data.path("outputs").forEach(output -> outputs.add(output.asText()));
        List<Boolean> nsfw = new ArrayList<>();
        data.path("has_nsfw_contents").forEach(flag -> nsfw.add(flag.asBoolean()));
        Phase phase = switch (status) {
            case "created" -> Phase.PENDING;
            case "processing" -> Phase.RUNNING;
            case "completed" -> Phase.SUCCEEDED;
            // the official SDKs also treat cancelled and timeout as final
            case "failed", "cancelled", "timeout" -> Phase.FAILED;
            default -> throw ProviderException.retryable("provider_bad_response", "unknown WaveSpeed status " + status);
        };
        if (phase == Phase.SUCCEEDED && outputs.isEmpty()) {
            throw ProviderException.retryable("provider_bad_response", "WaveSpeed task completed without outputs");
        }
        String error = Json.text(data, "error");
        return new TaskState(id, phase, outputs, nsfw, phase == Phase.FAILED ? (error == null || error.isBlank() ? status : error) : "",
                Optional.empty());
    }

    private static ObjectNode body(SubmitRequest request) {
        ObjectNode params = request.params();
        ObjectNode body = Json.object();
        request.images().forEach((slot, url) -> {
            if (slot.startsWith("images[")) {
                body.withArray("images").add(url.toString());
            } else {
                body.put(slot, url.toString());
            }
        });
        for (String field : List.of("prompt", "negative_prompt", "guidance_scale", "aspect_ratio", "enable_base64_output")) {
            if (params.has(field)) {
                body.set(field, params.get(field));
            }
        }
        if (params.has("duration")) {
            int seconds = params.get("duration").asInt();
            // seed 002: i2v-standard takes the duration as a string; the other models as an integer
            if (request.model() == ProductModel.KLING_V16_I2V_STANDARD) {
                body.put("duration", Integer.toString(seconds));
            } else {
                body.put("duration", seconds);
            }
        }
        return body;
    }

    private static JsonNode envelope(ProviderHttp.Response response) throws ProviderException {
        Optional<JsonNode> json = response.json();
        String message = json.map(node -> Json.text(node, "message")).orElse("HTTP " + response.status());
        int status = response.status();
        if (status == 401 || status == 403) {
            throw new ProviderException(Kind.ACCOUNT, "wavespeed_unauthorized", "WaveSpeed refused the API key: " + message, null);
        }
        if (status == 429) {
            throw new ProviderException(Kind.RETRYABLE, "provider_rate_limited", "WaveSpeed rate limit: " + message,
                    response.retryAfter().orElse(null));
        }
        if (status >= 500) {
            throw ProviderException.retryable("provider_unavailable", "WaveSpeed HTTP " + status + ": " + message);
        }
        if (status >= 400) {
            throw new ProviderException(Kind.JOB_REJECTED, "provider_rejected", "WaveSpeed refused the request: " + message, null);
        }
        if (json.isEmpty() || !json.get().path("data").isObject()) {
            throw ProviderException.retryable("provider_bad_response", "WaveSpeed sent a response that is not its JSON envelope");
        }
        return json.get();
    }
}

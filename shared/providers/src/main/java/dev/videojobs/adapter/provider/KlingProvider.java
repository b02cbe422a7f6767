package dev.videojobs.adapter.provider;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.model.Field;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.ProviderException.Kind;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState.Phase;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.core.url.FetchTarget;
import dev.videojobs.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Kling's official API (providers.md, seed 003): JWT auth, image2video, multi-image2video, ai-multi-shot. */
public final class KlingProvider implements VideoProvider {

    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(1800);
    private static final Duration TOKEN_RENEWAL_MARGIN = Duration.ofMinutes(5);
    private static final String MODEL_NAME = "kling-v1-6";
    // refusals that created nothing: rate and concurrency limits; any other failure of a sent submit is reconciled
    private static final Set<String> REFUSALS = Set.of("kling_1302", "kling_1303");
    private static final List<String> MULTI_SHOT_URLS = List.of("url_1", "url_2", "url_3");
    // our field -> Kling's
    private static final List<Field> PASSED_AS_IS = List.of(Field.PROMPT, Field.NEGATIVE_PROMPT, Field.GUIDANCE_SCALE, Field.ASPECT_RATIO);

    private final URI baseUrl;
    private final String accessKey;
    private final Algorithm algorithm;
    private final ProviderHttp http;
    private final Clock clock;
    private final InputDelivery inputDelivery;
    private volatile String token;
    private volatile Instant tokenRenewAt = Instant.MIN;

    /** @param inputDelivery presigned URLs, or the images inline as raw base64 (Kling's documented alternative) */
    public KlingProvider(URI baseUrl, String accessKey, String secretKey, ProviderHttp http, Clock clock, InputDelivery inputDelivery) {
        if (!InputDelivery.supportedBy(ProviderName.KLING).contains(inputDelivery)) {
            throw new IllegalArgumentException("Kling takes images as URLs or inline base64, not by " + inputDelivery.wire());
        }
        this.inputDelivery = inputDelivery;
        this.baseUrl = baseUrl;
        this.accessKey = accessKey;
        this.algorithm = Algorithm.HMAC256(secretKey);
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ProviderName name() {
        return ProviderName.KLING;
    }

    @Override
    public InputDelivery inputDelivery() {
        return inputDelivery;
    }

    @Override
    public String submit(SubmitRequest request) throws ProviderException {
        ProductModel.Route route = request.model().route(ProviderName.KLING).orElseThrow();
        ObjectNode body = body(request, route);
        try {
            JsonNode data = envelope(http.post(URI.create(baseUrl + route.endpoint()), authorization(), body)).path("data");
            String taskId = Json.text(data, "task_id");
            if (taskId == null) {
                throw ProviderException.retryable("provider_bad_response", "Kling answered the submit without a task_id");
            }
            return taskId;
        } catch (ProviderException e) {
            throw e.asSubmitOutcome(REFUSALS);
        }
    }

    /** Every task carries our job id as {@code external_task_id}, and the query endpoint takes it in place of the task id. */
    @Override
    public Reconciliation reconcile(String jobId, ProductModel model, Instant since) throws ProviderException {
        String endpoint = model.route(ProviderName.KLING).orElseThrow().endpoint();
        URI uri = URI.create(baseUrl + endpoint + "/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8));
        try {
            return new Reconciliation.Created(task(envelope(http.get(uri, authorization())).path("data")).taskId());
        } catch (ProviderException e) {
            if (e.code().equals("kling_" + KlingErrors.RESOURCE_NOT_FOUND) || e.code().equals("kling_http_404")) {
                return new Reconciliation.NotCreated();
            }
            throw e;
        }
    }

    @Override
    public TaskState query(ProductModel model, String taskId) throws ProviderException {
        String endpoint = model.route(ProviderName.KLING).orElseThrow().endpoint();
        URI uri = URI.create(baseUrl + endpoint + "/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8));
        return task(envelope(http.get(uri, authorization())).path("data"));
    }

    static TaskState task(JsonNode data) throws ProviderException {
        String id = Json.text(data, "task_id");
        String status = Json.text(data, "task_status");
        if (id == null || status == null) {
            throw ProviderException.retryable("provider_bad_response", "Kling task without task_id or task_status");
        }
        Phase phase = switch (status) {
            case "submitted" -> Phase.PENDING;
            case "processing" -> Phase.RUNNING;
            case "succeed" -> Phase.SUCCEEDED;
            case "failed" -> Phase.FAILED;
            default -> throw ProviderException.retryable("provider_bad_response", "unknown Kling task_status " + status);
        };
        List<String> outputs = phase == Phase.SUCCEEDED ? outputs(id, data.path("task_result")) : List.of();
        String message = Optional.ofNullable(Json.text(data, "task_status_msg")).orElse("");
        return new TaskState(id, phase, outputs, List.of(), phase == Phase.FAILED ? (message.isBlank() ? "failed" : message) : "",
                Optional.ofNullable(Json.text(data, "final_unit_deduction")));
    }

    /**
     * What a finished task made: {@code videos[].url}, or for ai-multi-shot three images per entry,
     * {@code images[].url_1..url_3} (the official subject-completion doc). Kling's files are URLs; one that is missing
     * or is not a URL leaves nothing to copy.
     */
    private static List<String> outputs(String id, JsonNode result) throws ProviderException {
        List<JsonNode> urls = new ArrayList<>();
        result.path("videos").forEach(video -> urls.add(video.path("url")));
        result.path("images").forEach(image -> MULTI_SHOT_URLS.forEach(field -> urls.add(image.path(field))));
        List<String> outputs = new ArrayList<>();
        for (JsonNode url : urls) {
            String text = url.asText("");
            if (!FetchTarget.isHttpUrl(text)) {
                throw ProviderException.badResult("Kling task " + id + " succeeded without usable results: " + result);
            }
            outputs.add(text);
        }
        if (outputs.isEmpty()) {
            throw ProviderException.badResult("Kling task " + id + " succeeded without results: " + result);
        }
        return outputs;
    }

    private ObjectNode body(SubmitRequest request, ProductModel.Route route) {
        ObjectNode params = Json.fromPlain(request.params());
        ObjectNode body = Json.object();
        if (route.mode() != null) {
            body.put("model_name", MODEL_NAME);
            body.put("mode", route.mode());
        }
        request.images().forEach((slot, image) -> {
            // image, image_tail, image_list[].image and element_frontal_image all take a URL or raw base64 (no data: prefix)
            String value = image.bytes() != null ? Base64.getEncoder().encodeToString(image.bytes()) : image.url().toString();
            if (slot.startsWith("images[")) {
                body.withArray(route.providerName(Field.IMAGES)).addObject().put("image", value);
            } else {
                body.put(route.providerName(Field.fromWire(slot).orElseThrow()), value);
            }
        });
        for (Field field : PASSED_AS_IS) {
            if (params.has(field.wire())) {
                body.set(route.providerName(field), params.get(field.wire()));
            }
        }
        if (params.has("duration")) {
            body.put("duration", Integer.toString(params.get("duration").asInt()));
        }
        request.callbackUrl().ifPresent(url -> body.put("callback_url", url.toString()));
        body.put("external_task_id", request.jobId());
        return body;
    }

    /** A token is reused until five minutes before it expires. */
    private String authorization() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(tokenRenewAt)) {
            Instant expires = now.plus(TOKEN_LIFETIME);
            token = JWT.create().withIssuer(accessKey).withExpiresAt(expires).withNotBefore(now.minusSeconds(5)).sign(algorithm);
            tokenRenewAt = expires.minus(TOKEN_RENEWAL_MARGIN);
        }
        return "Bearer " + token;
    }

    private JsonNode envelope(ProviderHttp.Response response) throws ProviderException {
        Optional<JsonNode> json = response.json();
        int code = json.map(node -> node.path("code").asInt(-1)).orElse(-1);
        if (response.status() == 200 && code == 0 && json.get().path("data").isObject()) {
            return json.get();
        }
        if (code <= 0) {
            if (response.status() >= 500 || response.status() == 200) {
                throw ProviderException.retryable("provider_bad_response", "Kling HTTP " + response.status() + " without its JSON envelope");
            }
            throw new ProviderException(response.status() == 401 ? Kind.ACCOUNT : Kind.JOB_REJECTED, "kling_http_" + response.status(),
                    "Kling HTTP " + response.status(), null);
        }
        Kind kind = KlingErrors.classify(response.status(), code);
        String message = "Kling " + code + " (" + KlingErrors.describe(code) + "): " + Optional.ofNullable(Json.text(json.get(), "message")).orElse("");
        if (code == 1004 || code == 1003) {
            token = null; // clock skew or a stale token: the next call signs a fresh one
        }
        throw new ProviderException(kind, "kling_" + code, message, kind == Kind.RETRYABLE ? response.retryAfter().orElse(null) : null);
    }
}

package dev.videojobs.adapter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.media.ContentSniffer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** WaveSpeedAI REST API v3 (providers.md): submit with {@code ?webhook=}, result at /api/v3/predictions/{id}/result. */
public final class WaveSpeedProvider implements VideoProvider {

    // refusals that created nothing; any other failure of a sent submit leaves the task's existence unknown
    private static final Set<String> REFUSALS = Set.of("provider_rate_limited");
    // how far a prediction's created_at may sit outside the submit's time range (clock skew, queueing)
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(30);
    private static final int HISTORY_PAGE = 100;

    private final URI baseUrl;
    private final String apiKey;
    private final ProviderHttp http;
    private final Clock clock;
    private final InputDelivery inputDelivery;

    /** @param inputDelivery presigned URLs, or each image uploaded to WaveSpeed first ({@link #upload}) */
    public WaveSpeedProvider(URI baseUrl, String apiKey, ProviderHttp http, Clock clock, InputDelivery inputDelivery) {
        if (!InputDelivery.supportedBy(ProviderName.WAVESPEED).contains(inputDelivery)) {
            throw new IllegalArgumentException("WaveSpeed takes images as URLs or uploads, not by " + inputDelivery.wire());
        }
        this.inputDelivery = inputDelivery;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ProviderName name() {
        return ProviderName.WAVESPEED;
    }

    @Override
    public InputDelivery inputDelivery() {
        return inputDelivery;
    }

    @Override
    public String submit(SubmitRequest request) throws ProviderException {
        ProductModel.Route route = request.model().route(ProviderName.WAVESPEED).orElseThrow();
        // base64 output cannot be combined with a webhook: such jobs are followed by polling alone
        boolean base64 = Boolean.TRUE.equals(request.params().get("enable_base64_output"));
        String query = request.callbackUrl().filter(url -> !base64)
                .map(url -> "?webhook=" + URLEncoder.encode(url.toString(), StandardCharsets.UTF_8)).orElse("");
        URI uri = URI.create(baseUrl + "/api/v3/" + route.endpoint() + query);
        // uploads come first and create no task: their failures are plain retries, never a submit in doubt
        Map<String, URI> images = new LinkedHashMap<>();
        for (Map.Entry<String, InputImage> image : request.images().entrySet()) {
            images.put(image.getKey(), image.getValue().bytes() != null ? upload(image.getValue().bytes()) : image.getValue().url());
        }
        try {
            JsonNode data = envelope(http.post(uri, "Bearer " + apiKey, body(request, images))).path("data");
            String id = Json.text(data, "id");
            if (id == null) {
                throw ProviderException.retryable("provider_bad_response", "WaveSpeed answered the submit without a task id");
            }
            return id;
        } catch (ProviderException e) {
            throw e.asSubmitOutcome(REFUSALS);
        }
    }

    /**
     * WaveSpeed has no idempotency key and its predictions carry nothing of ours, so a lost submit is settled with the
     * documented prediction history ({@code POST /api/v3/predictions}, filtered by model and creation time): no
     * prediction of the model created since the submit means none was made for this job; otherwise those predictions
     * are the candidates, which the workflow matches against the tasks of its other jobs.
     */
    @Override
    public Reconciliation reconcile(String jobId, ProductModel model, Instant since) throws ProviderException {
        String modelId = model.route(ProviderName.WAVESPEED).orElseThrow().endpoint();
        Instant from = since.minus(CLOCK_MARGIN);
        Instant to = clock.instant().plus(CLOCK_MARGIN);
        ObjectNode search = Json.object().put("page", 1).put("page_size", HISTORY_PAGE).put("model", modelId)
                .put("created_after", from.toString()).put("created_before", to.toString());
        JsonNode data = envelope(http.postQuery(URI.create(baseUrl + "/api/v3/predictions"), "Bearer " + apiKey, search)).path("data");
        List<String> ids = new ArrayList<>();
        data.path("items").forEach(item -> ids.add(item.path("id").asText()));
        if (ids.isEmpty()) {
            return new Reconciliation.NotCreated();
        }
        return new Reconciliation.Candidates(ids, "WaveSpeed may have created (and billed) a task for this job: its submit at "
                + since + " got no usable answer, and WaveSpeed lists " + modelId + " predictions created between " + from
                + " and " + to + " that no other job of ours accounts for. Look for this job's among them in your WaveSpeed"
                + " predictions before submitting it again.");
    }

    @Override
    public TaskState query(ProductModel model, String taskId) throws ProviderException {
        URI uri = URI.create(baseUrl + "/api/v3/predictions/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/result");
        return prediction(envelope(http.get(uri, "Bearer " + apiKey)).path("data"), taskId);
    }

    /** The body WaveSpeed POSTs to our webhook: the prediction object, which must name its task. */
    public static TaskState prediction(JsonNode data) throws ProviderException {
        return prediction(data, null);
    }

    /**
     * The prediction object, as in the result's {@code data} and the webhook body. A result without {@code id} is about
     * the task we asked for (the official SDKs' tests answer so). A status that is not final is still running, whatever
     * its name: the Python SDK keeps polling on e.g. {@code pending}.
     */
    static TaskState prediction(JsonNode data, String askedFor) throws ProviderException {
        String id = Optional.ofNullable(Json.text(data, "id")).orElse(askedFor);
        String status = Json.text(data, "status");
        if (id == null || status == null) {
            throw ProviderException.retryable("provider_bad_response", "WaveSpeed prediction without id or status");
        }
        Phase phase = switch (status) {
            case "processing" -> Phase.RUNNING;
            case "completed" -> Phase.SUCCEEDED;
            // the official SDKs also treat cancelled and timeout as final
            case "failed", "cancelled", "timeout" -> Phase.FAILED;
            default -> Phase.PENDING; // created, and names the docs do not list
        };
        List<String> outputs = new ArrayList<>();
        data.path("outputs").forEach(output -> outputs.add(output.asText("")));
        if (phase == Phase.SUCCEEDED && (outputs.isEmpty() || outputs.stream().anyMatch(String::isBlank))) {
            throw ProviderException.badResult("WaveSpeed completed task " + id + " without usable outputs: " + data.path("outputs"));
        }
        List<Boolean> nsfw = new ArrayList<>();
        data.path("has_nsfw_contents").forEach(flag -> nsfw.add(flag.asBoolean()));
        String error = Json.text(data, "error");
        return new TaskState(id, phase, phase == Phase.SUCCEEDED ? outputs : List.of(), nsfw,
                phase == Phase.FAILED ? (error == null || error.isBlank() ? status : error) : "", Optional.empty());
    }

    /**
     * {@code POST /api/v3/media/upload/binary} (docs "Media Upload"): multipart field {@code file}; the answer's
     * {@code data.download_url} is where WaveSpeed serves the file, usable as a model's image.
     */
    private URI upload(byte[] image) throws ProviderException {
        String type = ContentSniffer.sniff(image);
        String filename = "input." + (type.equals(ContentSniffer.PNG) ? "png" : "jpg");
        JsonNode data = envelope(http.postFile(URI.create(baseUrl + "/api/v3/media/upload/binary"), "Bearer " + apiKey,
                "file", filename, type, image)).path("data");
        String url = Json.text(data, "download_url");
        if (url == null || !FetchTarget.isHttpUrl(url)) {
            throw ProviderException.retryable("provider_bad_response", "WaveSpeed answered the upload without a download_url");
        }
        return URI.create(url);
    }

    private static ObjectNode body(SubmitRequest request, Map<String, URI> images) {
        ObjectNode params = Json.fromPlain(request.params());
        ObjectNode body = Json.object();
        images.forEach((slot, url) -> {
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

    /**
     * The {@code {"code", "message", "data"}} envelope. The docs also show {@code {"error": "..."}} bodies for 400s, and
     * a 200 whose {@code code} is not 200 is that error (WaveSpeed's ComfyUI node and MCP server read it so); the SDKs'
     * test bodies carry no {@code code} at all, which is a success.
     */
    private static JsonNode envelope(ProviderHttp.Response response) throws ProviderException {
        Optional<JsonNode> json = response.json();
        JsonNode code = json.map(node -> node.path("code")).orElse(null);
        int status = response.status() == 200 && code != null && code.isIntegralNumber() ? code.asInt() : response.status();
        String reason = json.map(WaveSpeedProvider::reason).orElse("HTTP " + response.status());
        if (status == 401 || status == 403) {
            throw new ProviderException(Kind.ACCOUNT, "wavespeed_unauthorized", "WaveSpeed refused the API key: " + reason, null);
        }
        if (status == 429) {
            throw new ProviderException(Kind.RETRYABLE, "provider_rate_limited", "WaveSpeed rate limit: " + reason,
                    response.retryAfter().orElse(null));
        }
        if (status >= 500) {
            throw ProviderException.retryable("provider_unavailable", "WaveSpeed HTTP " + status + ": " + reason);
        }
        if (status >= 400) {
            throw new ProviderException(Kind.JOB_REJECTED, "provider_rejected", "WaveSpeed refused the request: " + reason, null);
        }
        if (json.isEmpty() || status != 200 || !json.get().path("data").isObject()) {
            throw ProviderException.retryable("provider_bad_response", "WaveSpeed sent a response that is not its JSON envelope ("
                    + status + ": " + reason + ")");
        }
        return json.get();
    }

    /** Why WaveSpeed refused: the envelope's {@code message}, else the bare {@code error}. */
    private static String reason(JsonNode body) {
        for (String field : List.of("message", "error")) {
            JsonNode value = body.path(field);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return "no reason given";
    }
}

package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * WaveSpeedAI REST v3: submit (also in sync mode), result, prediction history, media upload, webhook secret; webhooks signed as
 * providers.md describes.
 */
final class WaveSpeedApi {
    static final String PREFIX = "/api/v3/";
    private static final String RESULT_PREFIX = "predictions/";
    private static final String RESULT_SUFFIX = "/result";
    static final String HISTORY = "predictions";
    // how long a sync-mode submit waits for its task before answering as WaveSpeed does when sync mode times out
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NSFW = Pattern.compile("\\bnsfw\\b", Pattern.CASE_INSENSITIVE);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE64_WITH_WEBHOOK =
            "webhook callback does not support base64 output, please use the normal API to use base64 output";

    private final SimulatorOptions options;
    private final String baseUrl;
    private final TaskRegistry registry;
    private final TaskRunner runner;
    private final CallbackSender callbacks;
    private final FaultPlan faults;
    private final MediaUploads uploads;

    WaveSpeedApi(SimulatorOptions options, String baseUrl, TaskRegistry registry, TaskRunner runner,
            CallbackSender callbacks, FaultPlan faults, MediaUploads uploads) {
        this.options = options;
        this.baseUrl = baseUrl;
        this.registry = registry;
        this.runner = runner;
        this.callbacks = callbacks;
        this.faults = faults;
        this.uploads = uploads;
    }

    SimResponse handle(SimRequest request) {
        if (!("Bearer " + options.waveSpeedApiKey()).equals(request.header("Authorization"))) {
            return error(401, "Unauthorized");
        }
        String rest = request.path().substring(PREFIX.length());
        if (request.isGet() && rest.equals("webhook/secret")) {
            ObjectNode data = Json.object().put("secret", options.waveSpeedWebhookSecret());
            return success(data);
        }
        if (request.isGet() && rest.startsWith(RESULT_PREFIX) && rest.endsWith(RESULT_SUFFIX)) {
            String id = rest.substring(RESULT_PREFIX.length(), rest.length() - RESULT_SUFFIX.length());
            return registry.find(SimTask.WAVESPEED, id)
                    .map(task -> success(prediction(task, false)))
                    .orElseGet(() -> error(404, "prediction not found: " + id));
        }
        if (request.isPost() && rest.equals(HISTORY)) {
            return history(request);
        }
        if (request.isPost() && rest.equals(MediaUploads.PATH)) {
            return uploads.upload(request);
        }
        WaveSpeedModel model = WaveSpeedModel.byId(rest);
        if (model == null) {
            return error(404, "model not found: " + rest);
        }
        return request.isPost() ? submit(request, model) : error(405, "Method Not Allowed");
    }

    private SimResponse submit(SimRequest request, WaveSpeedModel model) {
        String webhook = request.query().get("webhook");
        BodyCheck body;
        TaskSpec spec;
        try {
            if (webhook != null) {
                BodyCheck.requireHttpUrl("webhook", webhook);
            }
            body = BodyCheck.of(request.body());
            spec = model.validate(body);
        } catch (InvalidRequest e) {
            return error(400, e.getMessage());
        }
        boolean base64 = body.optionalBoolean("enable_base64_output", false);
        if (base64 && webhook != null) {
            // docs "Base64 Output": this refusal comes as a bare {"error"} body, not the envelope
            return SimResponse.json(400, Json.object().put("error", BASE64_WITH_WEBHOOK));
        }
        SimTask task = new SimTask(SimTask.WAVESPEED, HexFormat.of().formatHex(randomBytes(16)), request.path(),
                model.id, body.body(), null, webhook, spec, base64).onChange(this::taskChanged);
        if (registry.admit(task, faults.getMaxConcurrent()) != TaskRegistry.Admission.ACCEPTED) {
            return error(429, "Too many concurrent tasks, the limit is " + faults.getMaxConcurrent())
                    .withHeader("Retry-After", Long.toString(retryAfterSeconds(options)));
        }
        runner.start(task);
        if (body.optionalBoolean("enable_sync_mode", false) && !task.awaitFinal(SYNC_WAIT)) {
            // the SDKs' sync time-out: code 5004, the task still processing, its result URL to poll
            ObjectNode data = prediction(task, false).put("error", "Sync mode timed out");
            ObjectNode envelope = Json.object().put("code", 5004).put("message", "Sync mode timed out");
            envelope.set("data", data);
            return SimResponse.json(200, envelope);
        }
        return success(prediction(task, false));
    }

    /**
     * {@code POST /api/v3/predictions} (docs "Predictions API"): the account's predictions newest first, {@code page}
     * and {@code page_size} (1..100) required, optional {@code model}, {@code status}, {@code created_after} and
     * {@code created_before} (ISO 8601) filters; {@code {page, total, items}} with the result's prediction objects.
     */
    private SimResponse history(SimRequest request) {
        List<SimTask> matching;
        int page;
        int size;
        try {
            BodyCheck body = BodyCheck.of(request.body());
            body.allowOnly(Set.of("page", "page_size", "model", "status", "created_after", "created_before"), HISTORY);
            page = (int) body.requiredInteger("page", 1, Integer.MAX_VALUE);
            size = (int) body.requiredInteger("page_size", 1, 100);
            String model = body.optionalString("model", 256);
            String status = body.optionalString("status", 32);
            Instant after = instant(body.optionalString("created_after", 64), "created_after");
            Instant before = instant(body.optionalString("created_before", 64), "created_before");
            matching = registry.all().stream().filter(task -> task.provider.equals(SimTask.WAVESPEED))
                    .filter(task -> model == null || task.model.equals(model))
                    .filter(task -> status == null || task.statusName(task.state().phase()).equals(status))
                    .filter(task -> after == null || !task.createdAt.isBefore(after))
                    .filter(task -> before == null || !task.createdAt.isAfter(before))
                    .sorted(Comparator.comparing((SimTask task) -> task.createdAt).reversed()).toList();
        } catch (InvalidRequest e) {
            return error(400, e.getMessage());
        }
        ObjectNode data = Json.object().put("page", page).put("total", matching.size());
        ArrayNode items = data.putArray("items");
        matching.stream().skip((long) (page - 1) * size).limit(size).forEach(task -> items.add(prediction(task, false)));
        return success(data);
    }

    private static Instant instant(String text, String field) {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequest(field + " must be an ISO 8601 date-time, e.g. 2023-10-01T00:00:00Z");
        }
    }

    /** The webhook goes out once, when the task completes or fails. */
    private void taskChanged(SimTask task) {
        if (task.callbackUrl == null || !task.state().phase().isFinal()) {
            return;
        }
        byte[] body = Json.bytes(prediction(task, true));
        String webhookId = "msg_" + HexFormat.of().formatHex(randomBytes(12));
        callbacks.send(task, task.callbackUrl, body, () -> {
            long timestamp = System.currentTimeMillis() / 1000;
            return Map.of("webhook-id", webhookId,
                    "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", WebhookSigner.sign(options.waveSpeedWebhookSecret(), webhookId, timestamp,
                            body));
        });
    }

    /** The prediction object: the result envelope's data, and (with input) the webhook body. */
    private ObjectNode prediction(SimTask task, boolean withInput) {
        SimTask.State state = task.state();
        ObjectNode data = Json.object().put("id", task.id).put("model", task.model);
        if (withInput) {
            data.set("input", task.request);
        }
        ArrayNode outputs = data.putArray("outputs");
        ArrayNode nsfw = Json.MAPPER.createArrayNode();
        boolean nsfwPrompt = task.spec.prompt() != null && NSFW.matcher(task.spec.prompt()).find();
        for (OutputStore.Published output : state.outputs()) {
            outputs.add(task.base64Output ? output.base64() : output.url());
            nsfw.add(nsfwPrompt);
        }
        data.putObject("urls").put("get", baseUrl + PREFIX + RESULT_PREFIX + task.id + RESULT_SUFFIX);
        data.set("has_nsfw_contents", nsfw);
        data.put("status", task.statusName(state.phase()))
                .put("created_at", ISO_MILLIS.format(task.createdAt))
                .put("error", state.error());
        data.putObject("timings").put("inference", state.inferenceMs());
        return data;
    }

    private static SimResponse success(ObjectNode data) {
        ObjectNode envelope = Json.object().put("code", 200).put("message", "success");
        envelope.set("data", data);
        return SimResponse.json(200, envelope);
    }

    /** WaveSpeed's error envelope: HTTP status repeated as code, data null. */
    static SimResponse error(int status, String message) {
        ObjectNode envelope = Json.object().put("code", status).put("message", message);
        envelope.set("data", NullNode.getInstance());
        return SimResponse.json(status, envelope);
    }

    static long retryAfterSeconds(SimulatorOptions options) {
        return Math.max(1, (options.processingTime().toMillis() + 999) / 1000);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

package dev.videojobs.shared.model;

import static dev.videojobs.shared.api.ApiException.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.shared.api.ApiException;
import dev.videojobs.shared.json.Json;
import dev.videojobs.shared.json.Utf8;
import dev.videojobs.shared.model.JobRequest.ImageSlot;
import dev.videojobs.shared.model.ProductModel.Route;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a request body against the schema and the chosen model and provider (rules from the seeds and
 * providers.md), before anything is stored or sent. The first problem found is reported, naming its field.
 */
public final class RequestValidator {

    private static final Set<String> ENVELOPE = Set.of("model", "provider", "webhook_url", "timeout_seconds", "metadata");
    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1");
    private static final Set<String> CAMERA_TYPES = Set.of("simple", "down_back", "forward_up", "right_turn_forward", "left_turn_forward");
    private static final List<String> CAMERA_AXES = List.of("horizontal", "vertical", "pan", "tilt", "roll", "zoom");
    private static final int MAX_METADATA_BYTES = 2048;
    /** Kling reads camera values as floats: a non-zero value closer to 0 than this would arrive as (or near) 0. */
    private static final BigDecimal MIN_CAMERA_MAGNITUDE = new BigDecimal("0.01");

    private final Map<ProductModel, ProviderName> defaultProviders;
    private final long defaultTimeoutSeconds;
    private final long maxTimeoutSeconds;

    public RequestValidator(Map<ProductModel, ProviderName> defaultProviders, long defaultTimeoutSeconds, long maxTimeoutSeconds) {
        this.defaultProviders = defaultProviders;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.maxTimeoutSeconds = maxTimeoutSeconds;
    }

    public JobRequest validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "invalid_json", "request body must be a JSON object", null);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ENVELOPE.contains(name) && Field.fromWire(name).isEmpty()) {
                throw new ApiException(400, "unknown_field", "unknown field '" + name + "'", name);
            }
        }
        ProductModel model = model(body);
        ProviderName provider = provider(body, model);
        Route route = model.route(provider).orElseThrow();
        for (Field field : Field.values()) {
            if (body.has(field.wire()) && !body.get(field.wire()).isNull() && !route.fields().contains(field)) {
                throw new ApiException(400, "unsupported_field", "'" + field.wire() + "' is not supported by " + model.id()
                        + " on " + provider.wire(), field.wire());
            }
        }
        for (Field field : route.required()) {
            if (!body.hasNonNull(field.wire())) {
                throw new ApiException(400, "missing_field", "'" + field.wire() + "' is required for " + model.id(), field.wire());
            }
        }
        ObjectNode params = Json.object();
        List<ImageSlot> images = new ArrayList<>();
        imageField(body, Field.IMAGE, images);
        imageField(body, Field.END_IMAGE, images);
        imageField(body, Field.STATIC_MASK, images);
        imageList(body, images);
        text(body, Field.PROMPT, params);
        text(body, Field.NEGATIVE_PROMPT, params);
        guidance(body, params);
        duration(body, params);
        aspectRatio(body, params);
        dynamicMasks(body, params, images);
        cameraControl(body, params);
        base64Output(body, params);
        exclusive(body);
        return new JobRequest(model, provider, params, images, webhook(body), timeout(body), metadata(body));
    }

    private static ProductModel model(JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual()) {
            throw new ApiException(400, "missing_field", "'model' is required", "model");
        }
        return ProductModel.fromId(model.asText()).orElseThrow(() -> new ApiException(400, "unknown_model",
                "unknown model '" + model.asText() + "'", "model"));
    }

    private ProviderName provider(JsonNode body, ProductModel model) {
        JsonNode named = body.get("provider");
        if (named == null || named.isNull()) {
            ProviderName preferred = defaultProviders.get(model);
            return preferred != null && model.route(preferred).isPresent() ? preferred : model.providers().iterator().next();
        }
        ProviderName provider = ProviderName.fromWire(named.asText()).filter(p -> named.isTextual())
                .orElseThrow(() -> new ApiException(400, "unknown_provider", "unknown provider '" + named.asText()
                        + "' (wavespeed or kling)", "provider"));
        if (model.route(provider).isEmpty()) {
            throw new ApiException(400, "unsupported_provider", model.id() + " is not offered by " + provider.wire(), "provider");
        }
        return provider;
    }

    private static void imageField(JsonNode body, Field field, List<ImageSlot> images) {
        JsonNode value = body.get(field.wire());
        if (value != null && !value.isNull()) {
            images.add(new ImageSlot(field.wire(), imageSource(value, field.wire())));
        }
    }

    private static void imageList(JsonNode body, List<ImageSlot> images) {
        JsonNode list = body.get(Field.IMAGES.wire());
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray() || list.isEmpty() || list.size() > 4) {
            throw invalid("images", "'images' must be a list of 1 to 4 images");
        }
        for (int i = 0; i < list.size(); i++) {
            images.add(new ImageSlot("images[" + i + "]", imageSource(list.get(i), "images[" + i + "]")));
        }
    }

    private static String imageSource(JsonNode value, String path) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(path, "'" + path + "' must be an https URL, a data: URI or an upload reference");
        }
        return value.asText();
    }

    private static void text(JsonNode body, Field field, ObjectNode params) {
        JsonNode value = body.get(field.wire());
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isTextual()) {
            throw invalid(field.wire(), "'" + field.wire() + "' must be a string");
        }
        if (PromptLimit.exceeded(value.asText())) {
            throw invalid(field.wire(), "'" + field.wire() + "' must be at most " + PromptLimit.MAX_UTF16_UNITS
                    + " UTF-16 code units (most emoji count 2)");
        }
        params.put(field.wire(), value.asText());
    }

    private static void guidance(JsonNode body, ObjectNode params) {
        JsonNode value = body.get(Field.GUIDANCE_SCALE.wire());
        if (value == null || value.isNull()) {
            return;
        }
        if (!numberIn(value, BigDecimal.ZERO, BigDecimal.ONE)) {
            throw invalid("guidance_scale", "'guidance_scale' must be a number from 0 to 1");
        }
        params.put("guidance_scale", value.decimalValue().doubleValue());
    }

    /** 5 or 10 seconds; the strings "5" and "10" are accepted too, since the providers use both forms. */
    private static void duration(JsonNode body, ObjectNode params) {
        JsonNode value = body.get(Field.DURATION.wire());
        if (value == null || value.isNull()) {
            return;
        }
        String text = value.isIntegralNumber() || value.isTextual() ? value.asText() : "";
        if (!text.equals("5") && !text.equals("10")) {
            throw invalid("duration", "'duration' must be 5 or 10 (seconds)");
        }
        params.put("duration", Integer.parseInt(text));
    }

    private static void aspectRatio(JsonNode body, ObjectNode params) {
        JsonNode value = body.get(Field.ASPECT_RATIO.wire());
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isTextual() || !ASPECT_RATIOS.contains(value.asText())) {
            throw invalid("aspect_ratio", "'aspect_ratio' must be one of 16:9, 9:16, 1:1");
        }
        params.put("aspect_ratio", value.asText());
    }

    private static void dynamicMasks(JsonNode body, ObjectNode params, List<ImageSlot> images) {
        JsonNode masks = body.get(Field.DYNAMIC_MASKS.wire());
        if (masks == null || masks.isNull()) {
            return;
        }
        if (!masks.isArray() || masks.isEmpty() || masks.size() > 6) {
            throw invalid("dynamic_masks", "'dynamic_masks' must be a list of 1 to 6 masks");
        }
        var normalised = params.putArray("dynamic_masks");
        for (int i = 0; i < masks.size(); i++) {
            String path = "dynamic_masks[" + i + "]";
            JsonNode mask = masks.get(i);
            if (!mask.isObject() || !mask.has("mask") || !mask.has("trajectories") || mask.size() != 2) {
                throw invalid(path, "'" + path + "' must be an object with 'mask' and 'trajectories' only");
            }
            images.add(new ImageSlot(path + ".mask", imageSource(mask.get("mask"), path + ".mask")));
            JsonNode points = mask.get("trajectories");
            if (!points.isArray() || points.size() < 2 || points.size() > 77) {
                throw invalid(path + ".trajectories", "'" + path + ".trajectories' must have 2 to 77 points");
            }
            var trajectory = normalised.addObject().putArray("trajectories");
            for (int p = 0; p < points.size(); p++) {
                JsonNode point = points.get(p);
                if (!point.isObject() || point.size() != 2 || !integerIn(point.path("x"), 0, Integer.MAX_VALUE)
                        || !integerIn(point.path("y"), 0, Integer.MAX_VALUE)) {
                    throw invalid(path + ".trajectories[" + p + "]", "each trajectory point must be {\"x\": int, \"y\": int}, pixel"
                            + " coordinates from 0 to " + Integer.MAX_VALUE);
                }
                trajectory.addObject().put("x", point.get("x").asInt()).put("y", point.get("y").asInt());
            }
        }
    }

    private static void cameraControl(JsonNode body, ObjectNode params) {
        JsonNode camera = body.get(Field.CAMERA_CONTROL.wire());
        if (camera == null || camera.isNull()) {
            return;
        }
        if (!camera.isObject() || !camera.path("type").isTextual() || !CAMERA_TYPES.contains(camera.path("type").asText())) {
            throw invalid("camera_control.type", "'camera_control.type' must be one of " + String.join(", ", CAMERA_TYPES.stream().sorted().toList()));
        }
        for (Iterator<String> names = camera.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("type") && !name.equals("config")) {
                throw new ApiException(400, "unknown_field", "unknown field 'camera_control." + name + "'", "camera_control." + name);
            }
        }
        ObjectNode normalised = params.putObject("camera_control").put("type", camera.get("type").asText());
        JsonNode config = camera.get("config");
        boolean simple = camera.get("type").asText().equals("simple");
        if (simple != (config != null && !config.isNull())) {
            throw invalid("camera_control.config", simple ? "'camera_control.config' is required when type is simple"
                    : "'camera_control.config' is only allowed when type is simple");
        }
        if (!simple) {
            return;
        }
        ObjectNode axes = normalised.putObject("config");
        int nonZero = 0;
        for (Iterator<String> names = config.fieldNames(); names.hasNext(); ) {
            String axis = names.next();
            JsonNode value = config.get(axis);
            if (!CAMERA_AXES.contains(axis)) {
                throw new ApiException(400, "unknown_field", "unknown field 'camera_control.config." + axis + "'", "camera_control.config." + axis);
            }
            if (!numberIn(value, BigDecimal.TEN.negate(), BigDecimal.TEN) || value.decimalValue().signum() != 0
                    && value.decimalValue().abs().compareTo(MIN_CAMERA_MAGNITUDE) < 0) {
                throw invalid("camera_control.config." + axis, "'camera_control.config." + axis
                        + "' must be a number from -10 to 10: 0, or at least " + MIN_CAMERA_MAGNITUDE + " away from 0");
            }
            axes.put(axis, value.decimalValue().doubleValue());
            nonZero += value.decimalValue().signum() != 0 ? 1 : 0;
        }
        if (nonZero != 1) {
            throw invalid("camera_control.config", "'camera_control.config' must set exactly one non-zero axis");
        }
    }

    private static void base64Output(JsonNode body, ObjectNode params) {
        JsonNode value = body.get(Field.ENABLE_BASE64_OUTPUT.wire());
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isBoolean()) {
            throw invalid("enable_base64_output", "'enable_base64_output' must be true or false");
        }
        params.put("enable_base64_output", value.asBoolean());
    }

    /** Kling: an end frame, motion masks and camera control each steer the motion; only one may be given. */
    private static void exclusive(JsonNode body) {
        List<String> given = new ArrayList<>();
        for (Field field : List.of(Field.END_IMAGE, Field.STATIC_MASK, Field.DYNAMIC_MASKS, Field.CAMERA_CONTROL)) {
            if (body.hasNonNull(field.wire())) {
                given.add(field.wire());
            }
        }
        boolean masks = given.contains("static_mask") || given.contains("dynamic_masks");
        long groups = (given.contains("end_image") ? 1 : 0) + (masks ? 1 : 0) + (given.contains("camera_control") ? 1 : 0);
        if (groups > 1) {
            throw new ApiException(400, "conflicting_fields", "end_image, masks and camera_control cannot be combined (given: "
                    + String.join(", ", given) + ")", given.get(1));
        }
    }

    private static Optional<String> webhook(JsonNode body) {
        JsonNode value = body.get("webhook_url");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String url = value.asText();
        if (!value.isTextual() || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2048) {
            throw invalid("webhook_url", "'webhook_url' must be an http(s) URL");
        }
        return Optional.of(url);
    }

    private long timeout(JsonNode body) {
        JsonNode value = body.get("timeout_seconds");
        if (value == null || value.isNull()) {
            return defaultTimeoutSeconds;
        }
        if (!integerIn(value, 60, maxTimeoutSeconds)) {
            throw invalid("timeout_seconds", "'timeout_seconds' must be an integer from 60 to " + maxTimeoutSeconds);
        }
        return value.asLong();
    }

    private static Optional<ObjectNode> metadata(JsonNode body) {
        JsonNode value = body.get("metadata");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject() || Utf8.encodedLength(Json.write(value)) > MAX_METADATA_BYTES) {
            throw invalid("metadata", "'metadata' must be a JSON object of at most " + MAX_METADATA_BYTES + " bytes");
        }
        return Optional.of((ObjectNode) value);
    }

    /** A JSON integer from min to max; an integer beyond a long is out of range, never wrapped into it. */
    private static boolean integerIn(JsonNode value, long min, long max) {
        return value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= min && value.longValue() <= max;
    }

    /** A JSON number from min to max, compared exactly (no rounding: 1e-999999999 is above 0, 1e999999999 above 1). */
    private static boolean numberIn(JsonNode value, BigDecimal min, BigDecimal max) {
        return value.isNumber() && value.decimalValue().compareTo(min) >= 0 && value.decimalValue().compareTo(max) <= 0;
    }
}

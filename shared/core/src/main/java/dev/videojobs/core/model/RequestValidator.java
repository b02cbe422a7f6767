package dev.videojobs.core.model;

import static dev.videojobs.core.error.ClientError.invalid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.model.JobRequest.ImageSlot;
import dev.videojobs.core.model.ProductModel.Route;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.json.Json;
import dev.videojobs.json.Utf8;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a request body against the schema and the capability table ({@link ProductModel}: which fields the chosen
 * model takes on the chosen provider), before anything is stored or sent. The first problem found is reported, naming its field.
 */
public final class RequestValidator {

    private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    private static final Set<String> ENVELOPE = Set.of("model", "provider", "webhook_url", "timeout_seconds", "metadata");
    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1");
    private static final int MAX_METADATA_BYTES = 2048;
    private static final int MAX_WEBHOOK_URL = 2048;

    private final Map<ProductModel, ProviderName> defaultProviders;
    private final long defaultTimeoutSeconds;
    private final long maxTimeoutSeconds;
    private final AddressPolicy webhookAddresses;

    /** @param webhookAddresses where a webhook_url may point: the policy its deliveries will be sent under */
    /**
     * The validator a function's environment asks for: {@code DEFAULT_PROVIDER} (and per model
     * {@code DEFAULT_PROVIDER_<MODEL>}), {@code JOB_DEADLINE_MINUTES}; timeouts up to a day.
     */
    public static RequestValidator from(Config config, AddressPolicy addresses) {
        Map<ProductModel, ProviderName> defaults = new EnumMap<>(ProductModel.class);
        ProviderName preferred = ProviderName.fromWire(config.get("DEFAULT_PROVIDER", "wavespeed")).orElse(ProviderName.WAVESPEED);
        for (ProductModel model : ProductModel.values()) {
            defaults.put(model, ProviderName.fromWire(config.get("DEFAULT_PROVIDER_" + model.name(), "")).orElse(preferred));
        }
        return new RequestValidator(defaults, config.getLong("JOB_DEADLINE_MINUTES", 60) * 60, 24 * 3600, addresses);
    }

    public RequestValidator(Map<ProductModel, ProviderName> defaultProviders, long defaultTimeoutSeconds, long maxTimeoutSeconds,
            AddressPolicy webhookAddresses) {
        this.defaultProviders = defaultProviders;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.maxTimeoutSeconds = maxTimeoutSeconds;
        this.webhookAddresses = webhookAddresses;
    }

    public JobRequest validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_json", "request body must be a JSON object", null);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ENVELOPE.contains(name) && Field.fromWire(name).isEmpty()) {
                throw new ClientError(ClientError.Kind.INVALID, "unknown_field", "unknown field '" + name + "'", name);
            }
        }
        ProductModel model = model(body);
        ProviderName provider = provider(body, model);
        Route route = model.route(provider).orElseThrow();
        for (Field field : Field.values()) {
            if (body.has(field.wire()) && !body.get(field.wire()).isNull() && !route.fields().contains(field)) {
                throw new ClientError(ClientError.Kind.INVALID, "unsupported_field", "'" + field.wire() + "' is not supported by " + model.id()
                        + " on " + provider.wire(), field.wire());
            }
        }
        for (Field field : route.required()) {
            if (!body.hasNonNull(field.wire())) {
                throw new ClientError(ClientError.Kind.INVALID, "missing_field", "'" + field.wire() + "' is required for " + model.id(), field.wire());
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<ImageSlot> images = new ArrayList<>();
        imageField(body, Field.IMAGE, images);
        imageField(body, Field.END_IMAGE, images);
        imageList(body, images);
        text(body, Field.PROMPT, params);
        text(body, Field.NEGATIVE_PROMPT, params);
        guidance(body, params);
        duration(body, params);
        aspectRatio(body, params);
        base64Output(body, params);
        return new JobRequest(model, provider, params, images, webhook(body), timeout(body), metadata(body), fingerprint(body));
    }

    /** Parses the client's JSON strictly (see RequestJson), then validates it. */
    public JobRequest validate(String body) {
        return validate(RequestJson.parse(body));
    }

    /** The request's identity for Idempotency-Key: a hash of its JSON with keys sorted, so key order does not matter. */
    private static String fingerprint(JsonNode body) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(body);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProductModel model(JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual()) {
            throw new ClientError(ClientError.Kind.INVALID, "missing_field", "'model' is required", "model");
        }
        return ProductModel.fromId(model.asText()).orElseThrow(() -> new ClientError(ClientError.Kind.INVALID, "unknown_model",
                "unknown model '" + model.asText() + "'", "model"));
    }

    private ProviderName provider(JsonNode body, ProductModel model) {
        JsonNode named = body.get("provider");
        if (named == null || named.isNull()) {
            ProviderName preferred = defaultProviders.get(model);
            return preferred != null && model.route(preferred).isPresent() ? preferred : model.providers().iterator().next();
        }
        ProviderName provider = ProviderName.fromWire(named.asText()).filter(p -> named.isTextual())
                .orElseThrow(() -> new ClientError(ClientError.Kind.INVALID, "unknown_provider", "unknown provider '" + named.asText()
                        + "' (wavespeed or kling)", "provider"));
        if (model.route(provider).isEmpty()) {
            throw new ClientError(ClientError.Kind.INVALID, "unsupported_provider", model.id() + " is not offered by " + provider.wire(), "provider");
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

    private static void text(JsonNode body, Field field, Map<String, Object> params) {
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

    private static void guidance(JsonNode body, Map<String, Object> params) {
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
    private static void duration(JsonNode body, Map<String, Object> params) {
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

    private static void aspectRatio(JsonNode body, Map<String, Object> params) {
        JsonNode value = body.get(Field.ASPECT_RATIO.wire());
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isTextual() || !ASPECT_RATIOS.contains(value.asText())) {
            throw invalid("aspect_ratio", "'aspect_ratio' must be one of 16:9, 9:16, 1:1");
        }
        params.put("aspect_ratio", value.asText());
    }

    private static void base64Output(JsonNode body, Map<String, Object> params) {
        JsonNode value = body.get(Field.ENABLE_BASE64_OUTPUT.wire());
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isBoolean()) {
            throw invalid("enable_base64_output", "'enable_base64_output' must be true or false");
        }
        params.put("enable_base64_output", value.asBoolean());
    }

    /** Checked now exactly as each delivery will be, so that a webhook accepted here can be delivered. */
    private Optional<String> webhook(JsonNode body) {
        JsonNode value = body.get("webhook_url");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().length() > MAX_WEBHOOK_URL) {
            throw invalid("webhook_url", "'webhook_url' must be an http(s) URL of at most " + MAX_WEBHOOK_URL + " characters");
        }
        try {
            webhookAddresses.check(value.asText());
        } catch (UnsafeUrlException e) {
            throw invalid("webhook_url", "'webhook_url' is refused: " + e.getMessage());
        }
        return Optional.of(value.asText());
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

    private static Optional<Map<String, Object>> metadata(JsonNode body) {
        JsonNode value = body.get("metadata");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject() || Utf8.encodedLength(Json.write(value)) > MAX_METADATA_BYTES) {
            throw invalid("metadata", "'metadata' must be a JSON object of at most " + MAX_METADATA_BYTES + " bytes");
        }
        return Optional.of(Json.toPlain((ObjectNode) value));
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

package dev.videojobs.core.model;

import static dev.videojobs.core.error.ClientError.invalid;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.model.JobRequest.ImageSlot;
import dev.videojobs.core.model.ProductModel.Route;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.json.Json;
import dev.videojobs.json.StrictJson;
import dev.videojobs.json.Utf8;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a request body against the schema and the capability table ({@link ProductModel}: which fields the chosen
 * model takes on the chosen provider), before anything is stored or sent. The first problem found is reported, naming its field.
 * This class checks the envelope (which fields, model, provider, webhook, timeout, metadata); {@link FieldValues}
 * checks the model parameters' values. Both read the body as plain data ({@link StrictJson.Document}).
 */
public final class RequestValidator {

    private static final Set<String> ENVELOPE = Set.of("model", "provider", "webhook_url", "timeout_seconds", "metadata");
    private static final int MAX_METADATA_BYTES = 2048;
    private static final int MAX_WEBHOOK_URL = 2048;

    private final Map<ProductModel, ProviderName> defaultProviders;
    private final long defaultTimeoutSeconds;
    private final long maxTimeoutSeconds;
    private final AddressPolicy webhookAddresses;

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

    /** @param webhookAddresses where a webhook_url may point: the policy its deliveries will be sent under */
    public RequestValidator(Map<ProductModel, ProviderName> defaultProviders, long defaultTimeoutSeconds, long maxTimeoutSeconds,
            AddressPolicy webhookAddresses) {
        this.defaultProviders = defaultProviders;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.maxTimeoutSeconds = maxTimeoutSeconds;
        this.webhookAddresses = webhookAddresses;
    }

    /** Parses the client's JSON strictly (see RequestJson), then validates it. */
    public JobRequest validate(String body) {
        return validate(RequestJson.parse(body));
    }

    private JobRequest validate(StrictJson.Document document) {
        if (!(document.value() instanceof Map<?, ?> map)) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_json", "request body must be a JSON object", null);
        }
        @SuppressWarnings("unchecked") // StrictJson's objects are Map<String, Object>
        Map<String, Object> body = (Map<String, Object>) map;
        for (String name : body.keySet()) {
            if (!ENVELOPE.contains(name) && Field.fromWire(name).isEmpty()) {
                throw new ClientError(ClientError.Kind.INVALID, "unknown_field", "unknown field '" + name + "'", name);
            }
        }
        ProductModel model = model(body);
        ProviderName provider = provider(body, model);
        Route route = model.route(provider).orElseThrow();
        for (Field field : Field.values()) {
            // a JSON null counts as absent: it is neither unsupported nor does it satisfy "required"
            if (body.get(field.wire()) != null && !route.fields().contains(field)) {
                throw new ClientError(ClientError.Kind.INVALID, "unsupported_field", "'" + field.wire() + "' is not supported by " + model.id()
                        + " on " + provider.wire(), field.wire());
            }
        }
        for (Field field : route.required()) {
            if (body.get(field.wire()) == null) {
                throw new ClientError(ClientError.Kind.INVALID, "missing_field", "'" + field.wire() + "' is required for " + model.id(), field.wire());
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<ImageSlot> images = new ArrayList<>();
        FieldValues.imageField(body, Field.IMAGE, images);
        FieldValues.imageField(body, Field.END_IMAGE, images);
        FieldValues.imageList(body, images);
        FieldValues.text(body, Field.PROMPT, params);
        FieldValues.text(body, Field.NEGATIVE_PROMPT, params);
        FieldValues.guidance(body, params);
        FieldValues.duration(body, params);
        FieldValues.aspectRatio(body, params);
        FieldValues.base64Output(body, params);
        // the fingerprint (Idempotency-Key's request identity) is the body's JSON hashed with its keys sorted
        return new JobRequest(model, provider, params, images, webhook(body), timeout(body), metadata(body), document.canonicalSha256());
    }

    private static ProductModel model(Map<String, Object> body) {
        if (!(body.get("model") instanceof String model)) {
            throw new ClientError(ClientError.Kind.INVALID, "missing_field", "'model' is required", "model");
        }
        return ProductModel.fromId(model).orElseThrow(() -> new ClientError(ClientError.Kind.INVALID, "unknown_model",
                "unknown model '" + model + "'", "model"));
    }

    private ProviderName provider(Map<String, Object> body, ProductModel model) {
        Object named = body.get("provider");
        if (named == null) {
            ProviderName preferred = defaultProviders.get(model);
            return preferred != null && model.route(preferred).isPresent() ? preferred : model.providers().iterator().next();
        }
        // a non-string is quoted as its JSON text (42, true; "" for an object) so the client sees what it sent
        ProviderName provider = ProviderName.fromWire(Json.plainText(named)).filter(p -> named instanceof String)
                .orElseThrow(() -> new ClientError(ClientError.Kind.INVALID, "unknown_provider", "unknown provider '" + Json.plainText(named)
                        + "' (wavespeed or kling)", "provider"));
        if (model.route(provider).isEmpty()) {
            throw new ClientError(ClientError.Kind.INVALID, "unsupported_provider", model.id() + " is not offered by " + provider.wire(), "provider");
        }
        return provider;
    }

    /** Checked now exactly as each delivery will be, so that a webhook accepted here can be delivered. */
    private Optional<String> webhook(Map<String, Object> body) {
        Object value = body.get("webhook_url");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String url) || url.length() > MAX_WEBHOOK_URL) {
            throw invalid("webhook_url", "'webhook_url' must be an http(s) URL of at most " + MAX_WEBHOOK_URL + " characters");
        }
        try {
            webhookAddresses.check(url);
        } catch (UnsafeUrlException e) {
            throw invalid("webhook_url", "'webhook_url' is refused: " + e.getMessage());
        }
        return Optional.of(url);
    }

    private long timeout(Map<String, Object> body) {
        Object value = body.get("timeout_seconds");
        if (value == null) {
            return defaultTimeoutSeconds;
        }
        Optional<Long> seconds = FieldValues.longInteger(value).filter(n -> n >= 60 && n <= maxTimeoutSeconds);
        if (seconds.isEmpty()) {
            throw invalid("timeout_seconds", "'timeout_seconds' must be an integer from 60 to " + maxTimeoutSeconds);
        }
        return seconds.get();
    }

    /** The limit counts the UTF-8 bytes of the metadata's JSON as it is stored and sent back. */
    @SuppressWarnings("unchecked") // StrictJson's objects are Map<String, Object>
    private static Optional<Map<String, Object>> metadata(Map<String, Object> body) {
        Object value = body.get("metadata");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map) || Utf8.encodedLength(Json.writePlain(value)) > MAX_METADATA_BYTES) {
            throw invalid("metadata", "'metadata' must be a JSON object of at most " + MAX_METADATA_BYTES + " bytes");
        }
        return Optional.of((Map<String, Object>) value);
    }
}

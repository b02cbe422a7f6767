package dev.videojobs.adapter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.core.config.Config;
import dev.videojobs.json.Json;
import java.util.Optional;
import java.util.function.Function;

/**
 * Provider keys. On AWS they live in one Secrets Manager secret (JSON) named by PROVIDER_SECRET_ARN, read once per
 * container; the local stack passes them as environment variables of the same names, upper-cased.
 */
public record ProviderCredentials(String waveSpeedApiKey, String waveSpeedWebhookSecret, String klingAccessKey, String klingSecretKey) {

    public static ProviderCredentials load(Config config, Function<String, String> secretReader) {
        Optional<String> arn = config.optional("PROVIDER_SECRET_ARN");
        if (arn.isPresent()) {
            try {
                JsonNode secret = Json.parse(secretReader.apply(arn.get()));
                return new ProviderCredentials(Json.text(secret, "wavespeed_api_key"), Json.text(secret, "wavespeed_webhook_secret"),
                        Json.text(secret, "kling_access_key"), Json.text(secret, "kling_secret_key"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("provider secret is not JSON", e);
            }
        }
        return new ProviderCredentials(config.get("WAVESPEED_API_KEY", null), config.get("WAVESPEED_WEBHOOK_SECRET", null),
                config.get("KLING_ACCESS_KEY", null), config.get("KLING_SECRET_KEY", null));
    }
}

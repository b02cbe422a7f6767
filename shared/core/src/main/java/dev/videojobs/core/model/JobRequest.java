package dev.videojobs.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated request (its parameters and metadata as plain Java data, see Job): the model, the provider chosen for it, the model parameters normalised (no images), the
 * image slots still to be resolved (path such as {@code image}, {@code images[1]}, {@code dynamic_masks[0].mask}).
 */
public record JobRequest(ProductModel model, ProviderName provider, Map<String, Object> params, List<ImageSlot> images,
        Optional<String> webhookUrl, long timeoutSeconds, Optional<Map<String, Object>> metadata, String fingerprint) {

    public record ImageSlot(String path, String source) {}

    public int durationSeconds() {
        return params.get("duration") instanceof Number seconds ? seconds.intValue() : 5;
    }
}

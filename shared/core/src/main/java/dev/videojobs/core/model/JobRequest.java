package dev.videojobs.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A validated request: the model, the provider chosen for it, the model parameters normalised (no images), the
 * image slots still to be resolved (path such as {@code image}, {@code images[1]}, {@code dynamic_masks[0].mask}).
 */
public record JobRequest(ProductModel model, ProviderName provider, ObjectNode params, List<ImageSlot> images,
        Optional<String> webhookUrl, long timeoutSeconds, Optional<ObjectNode> metadata) {

    public record ImageSlot(String path, String source) {}

    public int durationSeconds() {
        return params.path("duration").asInt(5);
    }
}

package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.videojobs.local.sim.TaskSpec.ImageRef;
import dev.videojobs.shared.model.PromptLimit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The four WaveSpeed models the simulator serves, each with its request schema from the seed pages. Where
 * providers.md and a seed differ, the seed wins (noted inline).
 */
enum WaveSpeedModel {
    I2V_PRO("kwaivgi/kling-v1.6-i2v-pro"),
    I2V_STANDARD("kwaivgi/kling-v1.6-i2v-standard"),
    MULTI_I2V_PRO("kwaivgi/kling-v1.6-multi-i2v-pro"),
    AI_MULTI_SHOT("kwaivgi/kling-v1/ai-multi-shot");

    static final int MAX_PROMPT = PromptLimit.MAX_UTF16_UNITS;

    final String id;

    WaveSpeedModel(String id) {
        this.id = id;
    }

    static WaveSpeedModel byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst().orElse(null);
    }

    /** Validates a submit body; throws {@link InvalidRequest} naming the field. */
    TaskSpec validate(BodyCheck body, boolean hasWebhook) {
        return switch (this) {
            case I2V_PRO -> {
                body.allowOnly(Set.of("image", "end_image", "prompt", "negative_prompt", "guidance_scale",
                        "duration"), id);
                List<ImageRef> images = new ArrayList<>(List.of(image(body, "image")));
                if (body.has("end_image")) {
                    images.add(image(body, "end_image"));
                }
                // Seed 001 marks prompt as required for i2v-pro (providers.md only gives its length limit).
                String prompt = body.requiredString("prompt", MAX_PROMPT);
                body.optionalString("negative_prompt", MAX_PROMPT);
                body.optionalNumber("guidance_scale", 0, 1, 0.5);
                int duration = body.optionalIntEnum("duration", 5, 5, 10);
                yield new TaskSpec(TaskSpec.Kind.VIDEO, images, duration, null, prompt, null);
            }
            case I2V_STANDARD -> {
                body.allowOnly(Set.of("image", "prompt", "negative_prompt", "guidance_scale", "duration"), id);
                ImageRef image = image(body, "image");
                String prompt = body.optionalString("prompt", MAX_PROMPT);
                body.optionalString("negative_prompt", MAX_PROMPT);
                body.optionalNumber("guidance_scale", 0, 1, 0.5);
                // Seed 002 types duration as a string here, unlike the other video models.
                String duration = body.optionalStringEnum("duration", "5", "5", "10");
                yield new TaskSpec(TaskSpec.Kind.VIDEO, List.of(image), Integer.parseInt(duration), null, prompt,
                        null);
            }
            case MULTI_I2V_PRO -> {
                body.allowOnly(Set.of("images", "prompt", "negative_prompt", "duration", "aspect_ratio"), id);
                ArrayNode array = body.requiredArray("images", 1, 4);
                List<ImageRef> images = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    images.add(imageValue("images[" + i + "]", array.get(i)));
                }
                String prompt = body.requiredString("prompt", MAX_PROMPT);
                body.optionalString("negative_prompt", MAX_PROMPT);
                int duration = body.optionalIntEnum("duration", 5, 5, 10);
                // Seed 000's parameter table (and providers.md) default to 1:1; its prose says 16:9.
                String aspect = body.optionalStringEnum("aspect_ratio", "1:1", "16:9", "9:16", "1:1");
                yield new TaskSpec(TaskSpec.Kind.VIDEO, images, duration, aspect, prompt, null);
            }
            case AI_MULTI_SHOT -> {
                body.allowOnly(Set.of("image", "enable_base64_output"), id);
                ImageRef image = image(body, "image");
                if (body.optionalBoolean("enable_base64_output", false) && hasWebhook) {
                    throw new InvalidRequest("enable_base64_output cannot be combined with a webhook");
                }
                yield TaskSpec.shots(image);
            }
        };
    }

    private static ImageRef image(BodyCheck body, String field) {
        return imageValue(field, body.has(field) ? body.get(field) : null);
    }

    private static ImageRef imageValue(String field, JsonNode value) {
        if (value == null) {
            throw new InvalidRequest(field + " is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new InvalidRequest(field + " must be a non-empty string (an image URL or base64)");
        }
        return new ImageRef(field, value.textValue());
    }
}

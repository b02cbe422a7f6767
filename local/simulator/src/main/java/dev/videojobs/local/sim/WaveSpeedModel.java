package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.videojobs.core.model.PromptLimit;
import dev.videojobs.local.sim.TaskSpec.ImageRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The four WaveSpeed models the simulator serves, each with its request schema from the seed pages. Where
 * providers.md and a seed differ, the seed wins (noted inline). Where the provider's strictness is unknown, the
 * simulator takes what real clients send: a simulator stricter than WaveSpeed breaks clients and hides nothing.
 */
enum WaveSpeedModel {
    I2V_PRO("kwaivgi/kling-v1.6-i2v-pro"),
    I2V_STANDARD("kwaivgi/kling-v1.6-i2v-standard"),
    MULTI_I2V_PRO("kwaivgi/kling-v1.6-multi-i2v-pro"),
    AI_MULTI_SHOT("kwaivgi/kling-v1/ai-multi-shot");

    static final int MAX_PROMPT = PromptLimit.MAX_UTF16_UNITS;
    /** Sent by WaveSpeed's own SDKs and nodes to every model (providers.md); seed 004 lists base64 for multi-shot. */
    private static final Set<String> COMMON = Set.of("enable_sync_mode", "enable_base64_output");

    final String id;

    WaveSpeedModel(String id) {
        this.id = id;
    }

    static WaveSpeedModel byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst().orElse(null);
    }

    /** Validates a submit body; throws {@link InvalidRequest} naming the field. */
    TaskSpec validate(BodyCheck body) {
        // sync mode is accepted and answered like any submit (created, then poll): no client of ours waits on it
        body.optionalBoolean("enable_sync_mode", false);
        body.optionalBoolean("enable_base64_output", false);
        return switch (this) {
            case I2V_PRO -> {
                body.allowOnly(with(COMMON, "image", "end_image", "prompt", "negative_prompt", "guidance_scale",
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
                body.allowOnly(with(COMMON, "image", "prompt", "negative_prompt", "guidance_scale", "duration"), id);
                ImageRef image = image(body, "image");
                String prompt = body.optionalString("prompt", MAX_PROMPT);
                body.optionalString("negative_prompt", MAX_PROMPT);
                body.optionalNumber("guidance_scale", 0, 1, 0.5);
                // Seed 002 types duration as a string here, WaveSpeed's ComfyUI node sends an integer: both are taken.
                int duration = body.get("duration") != null && body.get("duration").isTextual()
                        ? Integer.parseInt(body.optionalStringEnum("duration", "5", "5", "10"))
                        : body.optionalIntEnum("duration", 5, 5, 10);
                yield new TaskSpec(TaskSpec.Kind.VIDEO, List.of(image), duration, null, prompt, null);
            }
            case MULTI_I2V_PRO -> {
                body.allowOnly(with(COMMON, "images", "prompt", "negative_prompt", "duration", "aspect_ratio"), id);
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
                body.allowOnly(with(COMMON, "image"), id);
                yield TaskSpec.shots(image(body, "image"));
            }
        };
    }

    private static Set<String> with(Set<String> common, String... fields) {
        Set<String> all = new HashSet<>(common);
        all.addAll(List.of(fields));
        return all;
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

package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.videojobs.core.model.PromptLimit;
import dev.videojobs.local.sim.TaskSpec.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Submit-body validation for Kling's three endpoints (providers.md; seed 003 for multi-image2video). */
final class KlingRequests {
    static final int MAX_PROMPT = PromptLimit.MAX_UTF16_UNITS;
    private static final int MAX_TEXT = Integer.MAX_VALUE;
    private static final String[] VIDEO_MODELS = {"kling-v1", "kling-v1-5", "kling-v1-6", "kling-v2-master",
            "kling-v2-1", "kling-v2-1-master"};
    private static final String[] CAMERA_TYPES = {"simple", "down_back", "forward_up", "right_turn_forward",
            "left_turn_forward"};
    private static final List<String> CAMERA_AXES = List.of("horizontal", "vertical", "pan", "tilt", "roll", "zoom");

    /** What the API needs from a valid body besides the spec. */
    record Submission(TaskSpec spec, String model, String callbackUrl, String externalTaskId) {
    }

    private KlingRequests() {
    }

    static Submission image2video(BodyCheck body) {
        body.allowOnly(Set.of("model_name", "image", "image_tail", "prompt", "negative_prompt", "cfg_scale", "mode",
                "duration", "static_mask", "dynamic_masks", "camera_control", "watermark_info", "callback_url",
                "external_task_id"), "image2video");
        // Kling's own default model when model_name is omitted.
        String model = body.optionalStringEnum("model_name", "kling-v1", VIDEO_MODELS);
        List<ImageRef> images = new ArrayList<>(List.of(image(body, "image", true)));
        ImageRef tail = image(body, "image_tail", false);
        if (tail != null) {
            images.add(tail);
        }
        String prompt = body.optionalString("prompt", MAX_PROMPT);
        body.optionalString("negative_prompt", MAX_PROMPT);
        body.optionalNumber("cfg_scale", 0, 1, 0.5);
        String mode = body.optionalStringEnum("mode", "std", "std", "pro");
        String duration = body.optionalStringEnum("duration", "5", "5", "10");
        boolean masks = body.has("static_mask") || body.has("dynamic_masks");
        image(body, "static_mask", false);
        dynamicMasks(body);
        boolean camera = cameraControl(body);
        if ((tail != null ? 1 : 0) + (masks ? 1 : 0) + (camera ? 1 : 0) > 1) {
            throw new InvalidRequest("image_tail, static_mask/dynamic_masks and camera_control are mutually "
                    + "exclusive: send at most one of them");
        }
        if (model.equals("kling-v1-6")) {
            unsupportedByKlingV16(body, tail != null, mode);
        }
        watermarkInfo(body);
        return new Submission(new TaskSpec(TaskSpec.Kind.VIDEO, images, Integer.parseInt(duration), null, prompt, mode),
                model, callbackUrl(body), externalTaskId(body));
    }

    static Submission multiImage2video(BodyCheck body) {
        body.allowOnly(Set.of("model_name", "image_list", "prompt", "negative_prompt", "cfg_scale", "mode",
                "duration", "aspect_ratio", "watermark_info", "callback_url", "external_task_id"), "multi-image2video");
        // kling-v1-6 is its only value. Seed 003 (an aggregator) marks it required, the official doc optional with that
        // default: the official source wins, and a body that names it passes either way.
        String model = body.optionalStringEnum("model_name", "kling-v1-6", "kling-v1-6");
        ArrayNode list = body.requiredArray("image_list", 1, 4);
        List<ImageRef> images = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "image_list[" + i + "]";
            BodyCheck item = BodyCheck.nested(list.get(i), field).allowOnly(Set.of("image"), field);
            images.add(image(item, "image", true, field + ".image"));
        }
        String prompt = body.requiredString("prompt", MAX_PROMPT);
        body.optionalString("negative_prompt", MAX_PROMPT);
        body.optionalNumber("cfg_scale", 0, 1, 0.5);
        String mode = body.optionalStringEnum("mode", "std", "std", "pro");
        String duration = body.optionalStringEnum("duration", "5", "5", "10");
        String aspect = body.optionalStringEnum("aspect_ratio", "16:9", "16:9", "9:16", "1:1");
        watermarkInfo(body);
        return new Submission(new TaskSpec(TaskSpec.Kind.VIDEO, images, Integer.parseInt(duration), aspect, prompt,
                mode), model, callbackUrl(body), externalTaskId(body));
    }

    static Submission aiMultiShot(BodyCheck body) {
        body.allowOnly(Set.of("element_frontal_image", "callback_url", "external_task_id"), "ai-multi-shot");
        ImageRef image = image(body, "element_frontal_image", true);
        return new Submission(TaskSpec.shots(image), "ai-multi-shot", callbackUrl(body), externalTaskId(body));
    }

    /** The official request examples send {@code "callback_url": ""}: no callback. */
    private static String callbackUrl(BodyCheck body) {
        return isEmptyString(body, "callback_url") ? null : body.optionalUrl("callback_url");
    }

    /** The official request examples send {@code "external_task_id": ""}: none. */
    private static String externalTaskId(BodyCheck body) {
        if (isEmptyString(body, "external_task_id")) {
            return null;
        }
        String id = body.optionalString("external_task_id", 256);
        if (id != null && id.isBlank()) {
            throw new InvalidRequest("external_task_id must not be blank");
        }
        return id;
    }

    private static boolean isEmptyString(BodyCheck body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() && value.textValue().isEmpty();
    }

    /** {@code watermark_info: {"enabled": boolean}} (official body lists); the simulator makes no watermarked copy. */
    private static void watermarkInfo(BodyCheck body) {
        if (body.has("watermark_info")) {
            BodyCheck.nested(body.get("watermark_info"), "watermark_info").allowOnly(Set.of("enabled"), "watermark_info")
                    .optionalBoolean("enabled", false);
        }
    }

    private static ImageRef image(BodyCheck body, String field, boolean required) {
        return image(body, field, required, field);
    }

    /** Kling takes an image URL or raw base64; a data: URI prefix is refused. */
    private static ImageRef image(BodyCheck body, String field, boolean required, String label) {
        String value = required ? requiredText(body, field, label) : optionalText(body, field, label);
        if (value == null) {
            return null;
        }
        if (value.startsWith("data:")) {
            throw new InvalidRequest(label + " must be an image URL or raw base64 without a data: prefix");
        }
        return new ImageRef(label, value);
    }

    private static String requiredText(BodyCheck body, String field, String label) {
        if (!body.has(field)) {
            throw new InvalidRequest(label + " is required");
        }
        String value = optionalText(body, field, label);
        if (value.isBlank()) {
            throw new InvalidRequest(label + " must not be empty");
        }
        return value;
    }

    private static String optionalText(BodyCheck body, String field, String label) {
        JsonNode value = body.get(field);
        if (value != null && !value.isTextual()) {
            throw new InvalidRequest(label + " must be a string");
        }
        return value == null ? null : value.textValue();
    }

    /** Kling's capability table: kling-v1-6 has no motion brush or camera control, and an end frame in pro mode only. */
    private static void unsupportedByKlingV16(BodyCheck body, boolean tail, String mode) {
        for (String field : List.of("static_mask", "dynamic_masks", "camera_control")) {
            if (body.has(field)) {
                throw new InvalidRequest(field + " is not supported by kling-v1-6");
            }
        }
        if (tail && mode.equals("std")) {
            throw new InvalidRequest("image_tail is not supported by kling-v1-6 in std mode");
        }
    }

    private static void dynamicMasks(BodyCheck body) {
        ArrayNode masks = body.optionalArray("dynamic_masks", 1, 6);
        if (masks == null) {
            return;
        }
        for (int i = 0; i < masks.size(); i++) {
            String field = "dynamic_masks[" + i + "]";
            BodyCheck mask = BodyCheck.nested(masks.get(i), field).allowOnly(Set.of("mask", "trajectories"), field);
            image(mask, "mask", true, field + ".mask");
            ArrayNode points = mask.requiredArray("trajectories", 2, 77);
            for (int p = 0; p < points.size(); p++) {
                String pointField = field + ".trajectories[" + p + "]";
                BodyCheck point = BodyCheck.nested(points.get(p), pointField).allowOnly(Set.of("x", "y"), pointField);
                for (String axis : List.of("x", "y")) {
                    JsonNode value = point.get(axis);
                    if (value == null || !value.isIntegralNumber()) {
                        throw new InvalidRequest(pointField + "." + axis + " is required and must be an integer");
                    }
                }
            }
        }
    }

    /** True when camera_control is present (and valid). */
    private static boolean cameraControl(BodyCheck body) {
        if (!body.has("camera_control")) {
            return false;
        }
        BodyCheck camera = BodyCheck.nested(body.get("camera_control"), "camera_control")
                .allowOnly(Set.of("type", "config"), "camera_control");
        if (!camera.has("type")) {
            throw new InvalidRequest("camera_control.type is required");
        }
        String type = camera.optionalStringEnum("type", null, CAMERA_TYPES);
        if (!type.equals("simple")) {
            if (camera.has("config")) {
                throw new InvalidRequest("camera_control.config must be left out unless camera_control.type is simple");
            }
            return true;
        }
        if (!camera.has("config")) {
            throw new InvalidRequest("camera_control.config is required when camera_control.type is simple");
        }
        BodyCheck config = BodyCheck.nested(camera.get("config"), "camera_control.config")
                .allowOnly(Set.copyOf(CAMERA_AXES), "camera_control.config");
        int nonZero = 0;
        for (String axis : CAMERA_AXES) {
            if (config.optionalNumber(axis, -10, 10, 0) != 0) {
                nonZero++;
            }
        }
        if (nonZero != 1) {
            throw new InvalidRequest("camera_control.config must have exactly one non-zero value among "
                    + String.join(", ", CAMERA_AXES) + " (got " + nonZero + ")");
        }
        return true;
    }
}

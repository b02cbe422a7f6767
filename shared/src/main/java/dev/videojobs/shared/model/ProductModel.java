package dev.videojobs.shared.model;

import static dev.videojobs.shared.model.Field.ASPECT_RATIO;
import static dev.videojobs.shared.model.Field.CAMERA_CONTROL;
import static dev.videojobs.shared.model.Field.DURATION;
import static dev.videojobs.shared.model.Field.DYNAMIC_MASKS;
import static dev.videojobs.shared.model.Field.ENABLE_BASE64_OUTPUT;
import static dev.videojobs.shared.model.Field.END_IMAGE;
import static dev.videojobs.shared.model.Field.GUIDANCE_SCALE;
import static dev.videojobs.shared.model.Field.IMAGE;
import static dev.videojobs.shared.model.Field.IMAGES;
import static dev.videojobs.shared.model.Field.NEGATIVE_PROMPT;
import static dev.videojobs.shared.model.Field.PROMPT;
import static dev.videojobs.shared.model.Field.STATIC_MASK;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models a client can name, and for each provider that offers one: its endpoint, the client fields it takes
 * and which of them are required. This table is the model x provider x field matrix of the README.
 */
public enum ProductModel {

    KLING_V16_I2V_PRO("kling-v1.6-i2v-pro", Output.VIDEO, Duration.ofSeconds(120), Map.of(
            ProviderName.WAVESPEED, new Route("kwaivgi/kling-v1.6-i2v-pro", null,
                    EnumSet.of(IMAGE, END_IMAGE, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION), EnumSet.of(IMAGE, PROMPT)),
            ProviderName.KLING, new Route("/v1/videos/image2video", "pro", Route.KLING_I2V_FIELDS, EnumSet.of(IMAGE)))),

    KLING_V16_I2V_STANDARD("kling-v1.6-i2v-standard", Output.VIDEO, Duration.ofSeconds(90), Map.of(
            ProviderName.WAVESPEED, new Route("kwaivgi/kling-v1.6-i2v-standard", null,
                    EnumSet.of(IMAGE, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION), EnumSet.of(IMAGE)),
            ProviderName.KLING, new Route("/v1/videos/image2video", "std", Route.KLING_I2V_FIELDS, EnumSet.of(IMAGE)))),

    KLING_V16_MULTI_I2V_PRO("kling-v1.6-multi-i2v-pro", Output.VIDEO, Duration.ofSeconds(150), Map.of(
            ProviderName.WAVESPEED, new Route("kwaivgi/kling-v1.6-multi-i2v-pro", null,
                    EnumSet.of(IMAGES, PROMPT, NEGATIVE_PROMPT, DURATION, ASPECT_RATIO), EnumSet.of(IMAGES, PROMPT)),
            ProviderName.KLING, new Route("/v1/videos/multi-image2video", "pro", Route.KLING_MULTI_FIELDS, EnumSet.of(IMAGES, PROMPT)))),

    KLING_V16_MULTI_I2V_STANDARD("kling-v1.6-multi-i2v-standard", Output.VIDEO, Duration.ofSeconds(120), Map.of(
            ProviderName.KLING, new Route("/v1/videos/multi-image2video", "std", Route.KLING_MULTI_FIELDS, EnumSet.of(IMAGES, PROMPT)))),

    KLING_V1_AI_MULTI_SHOT("kling-v1-ai-multi-shot", Output.IMAGES, Duration.ofSeconds(30), Map.of(
            ProviderName.WAVESPEED, new Route("kwaivgi/kling-v1/ai-multi-shot", null, EnumSet.of(IMAGE, ENABLE_BASE64_OUTPUT), EnumSet.of(IMAGE)),
            ProviderName.KLING, new Route("/v1/general/ai-multi-shot", null, EnumSet.of(IMAGE), EnumSet.of(IMAGE))));

    public enum Output { VIDEO, IMAGES }

    /** How one provider serves a model: its path (WaveSpeed model id or Kling endpoint), Kling's mode, the fields. */
    public record Route(String endpoint, String mode, Set<Field> fields, Set<Field> required) {
        static final Set<Field> KLING_I2V_FIELDS = EnumSet.of(IMAGE, END_IMAGE, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE,
                DURATION, STATIC_MASK, DYNAMIC_MASKS, CAMERA_CONTROL);
        // seed 003 lists cfg_scale for multi-image2video
        static final Set<Field> KLING_MULTI_FIELDS = EnumSet.of(IMAGES, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION, ASPECT_RATIO);
    }

    private final String id;
    private final Output output;
    private final Duration expectedRunTime;
    private final Map<ProviderName, Route> routes;

    ProductModel(String id, Output output, Duration expectedRunTime, Map<ProviderName, Route> routes) {
        this.id = id;
        this.output = output;
        this.expectedRunTime = expectedRunTime;
        this.routes = new EnumMap<>(routes);
    }

    public String id() {
        return id;
    }

    public Output output() {
        return output;
    }

    /** Typical time from submission to result for a 5 s clip: the first check is planned near it. */
    public Duration expectedRunTime(int durationSeconds) {
        return durationSeconds >= 10 ? expectedRunTime.multipliedBy(2) : expectedRunTime;
    }

    public Optional<Route> route(ProviderName provider) {
        return Optional.ofNullable(routes.get(provider));
    }

    public Set<ProviderName> providers() {
        return routes.keySet();
    }

    /** List price in USD from the seeds (per clip; ai-multi-shot per generation). */
    public BigDecimal listPrice(int durationSeconds) {
        if (output == Output.IMAGES) {
            return new BigDecimal("0.07");
        }
        return durationSeconds >= 10 ? new BigDecimal("0.90") : new BigDecimal("0.45");
    }

    public static Optional<ProductModel> fromId(String id) {
        for (ProductModel model : values()) {
            if (model.id.equals(id)) {
                return Optional.of(model);
            }
        }
        return Optional.empty();
    }
}

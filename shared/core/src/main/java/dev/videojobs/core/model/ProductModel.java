package dev.videojobs.core.model;

import static dev.videojobs.core.model.Field.ASPECT_RATIO;
import static dev.videojobs.core.model.Field.DURATION;
import static dev.videojobs.core.model.Field.ENABLE_BASE64_OUTPUT;
import static dev.videojobs.core.model.Field.END_IMAGE;
import static dev.videojobs.core.model.Field.GUIDANCE_SCALE;
import static dev.videojobs.core.model.Field.IMAGE;
import static dev.videojobs.core.model.Field.IMAGES;
import static dev.videojobs.core.model.Field.NEGATIVE_PROMPT;
import static dev.videojobs.core.model.Field.PROMPT;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The capability table: the models a client can name, and for each provider that offers one its endpoint, mode, the
 * client fields it takes and which of them are required. The validator refuses what it does not list, and the README's
 * model x provider x field matrix is rendered from it ({@code CapabilityMatrix}; a test keeps the README in step).
 */
public enum ProductModel {

    KLING_V16_I2V_PRO("kling-v1.6-i2v-pro", Output.VIDEO, Duration.ofSeconds(120), Map.of(
            ProviderName.WAVESPEED, Route.wavespeed("kwaivgi/kling-v1.6-i2v-pro",
                    EnumSet.of(IMAGE, END_IMAGE, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION), EnumSet.of(IMAGE, PROMPT)),
            ProviderName.KLING, Route.kling("/v1/videos/image2video", "pro",
                    EnumSet.of(IMAGE, END_IMAGE, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION), EnumSet.of(IMAGE)))),

    // kling-v1-6 takes an end frame (image_tail) in pro mode only
    KLING_V16_I2V_STANDARD("kling-v1.6-i2v-standard", Output.VIDEO, Duration.ofSeconds(90), Map.of(
            ProviderName.WAVESPEED, Route.wavespeed("kwaivgi/kling-v1.6-i2v-standard",
                    EnumSet.of(IMAGE, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION), EnumSet.of(IMAGE)),
            ProviderName.KLING, Route.kling("/v1/videos/image2video", "std",
                    EnumSet.of(IMAGE, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION), EnumSet.of(IMAGE)))),

    // Kling's official multi-image2video body has no cfg_scale (seed 003, an aggregator's page, lists one)
    KLING_V16_MULTI_I2V_PRO("kling-v1.6-multi-i2v-pro", Output.VIDEO, Duration.ofSeconds(150), Map.of(
            ProviderName.WAVESPEED, Route.wavespeed("kwaivgi/kling-v1.6-multi-i2v-pro",
                    EnumSet.of(IMAGES, PROMPT, NEGATIVE_PROMPT, DURATION, ASPECT_RATIO), EnumSet.of(IMAGES, PROMPT)),
            ProviderName.KLING, Route.kling("/v1/videos/multi-image2video", "pro", Route.KLING_MULTI_FIELDS, EnumSet.of(IMAGES, PROMPT)))),

    KLING_V16_MULTI_I2V_STANDARD("kling-v1.6-multi-i2v-standard", Output.VIDEO, Duration.ofSeconds(120), Map.of(
            ProviderName.KLING, Route.kling("/v1/videos/multi-image2video", "std", Route.KLING_MULTI_FIELDS, EnumSet.of(IMAGES, PROMPT)))),

    KLING_V1_AI_MULTI_SHOT("kling-v1-ai-multi-shot", Output.IMAGES, Duration.ofSeconds(30), Map.of(
            ProviderName.WAVESPEED, Route.wavespeed("kwaivgi/kling-v1/ai-multi-shot", EnumSet.of(IMAGE, ENABLE_BASE64_OUTPUT), EnumSet.of(IMAGE)),
            ProviderName.KLING, new Route("/v1/general/ai-multi-shot", null, EnumSet.of(IMAGE), EnumSet.of(IMAGE),
                    Map.of(IMAGE, "element_frontal_image"))));

    public enum Output { VIDEO, IMAGES }

    /**
     * How one provider serves a model: its path (WaveSpeed model id or Kling endpoint), Kling's mode, the fields it
     * takes, which of them are required, and the provider's name for each field it names differently. Fields not
     * listed (static_mask, dynamic_masks, camera_control: kling-v1-6 supports none of them) are refused at the door.
     */
    public record Route(String endpoint, String mode, Set<Field> fields, Set<Field> required, Map<Field, String> providerNames) {
        static final Set<Field> KLING_MULTI_FIELDS = EnumSet.of(IMAGES, PROMPT, NEGATIVE_PROMPT, DURATION, ASPECT_RATIO);
        private static final Map<Field, String> KLING_NAMES = Map.of(END_IMAGE, "image_tail", GUIDANCE_SCALE, "cfg_scale",
                IMAGES, "image_list");

        static Route wavespeed(String modelId, Set<Field> fields, Set<Field> required) {
            return new Route(modelId, null, fields, required, Map.of());
        }

        static Route kling(String endpoint, String mode, Set<Field> fields, Set<Field> required) {
            return new Route(endpoint, mode, fields, required, KLING_NAMES);
        }

        /** The provider's name for a field of ours. */
        public String providerName(Field field) {
            return providerNames.getOrDefault(field, field.wire());
        }
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

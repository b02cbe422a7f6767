package dev.videojobs.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The model parameters of the one client-facing request schema (provider names are mapped by the routes of
 * {@link ProductModel}), each with the limits the validator enforces, as the README states them.
 * {@code static_mask}, {@code dynamic_masks} and {@code camera_control} are Kling parameters that kling-v1-6 does not
 * support: they are known so that a request naming them is told so, rather than that the field is unknown.
 */
public enum Field {
    IMAGE(""), END_IMAGE(""), IMAGES("1-4"), PROMPT("<=" + PromptLimit.MAX_UTF16_UNITS), NEGATIVE_PROMPT("<=" + PromptLimit.MAX_UTF16_UNITS),
    GUIDANCE_SCALE("0..1"), DURATION("5, 10"), ASPECT_RATIO("16:9, 9:16, 1:1"),
    STATIC_MASK(""), DYNAMIC_MASKS(""), CAMERA_CONTROL(""), ENABLE_BASE64_OUTPUT("");

    private final String limits;

    Field(String limits) {
        this.limits = limits;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The accepted values or range, as the README's field matrix shows them; empty when the type says it all. */
    public String limits() {
        return limits;
    }

    public static Optional<Field> fromWire(String name) {
        for (Field field : values()) {
            if (field.wire().equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}

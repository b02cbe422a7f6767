package dev.videojobs.shared.model;

import java.util.Locale;
import java.util.Optional;

/** The model parameters of the one client-facing request schema (provider names are mapped in the providers). */
public enum Field {
    IMAGE, END_IMAGE, IMAGES, PROMPT, NEGATIVE_PROMPT, GUIDANCE_SCALE, DURATION, ASPECT_RATIO,
    STATIC_MASK, DYNAMIC_MASKS, CAMERA_CONTROL, ENABLE_BASE64_OUTPUT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
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

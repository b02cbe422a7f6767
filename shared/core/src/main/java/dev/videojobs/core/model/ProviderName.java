package dev.videojobs.core.model;

import java.util.Locale;
import java.util.Optional;

public enum ProviderName {
    WAVESPEED, KLING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProviderName> fromWire(String value) {
        for (ProviderName name : values()) {
            if (name.wire().equals(value)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}

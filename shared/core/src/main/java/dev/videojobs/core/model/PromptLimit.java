package dev.videojobs.core.model;

/**
 * The providers' prompt limit, one definition for the validator and the simulator. Counted in UTF-16 code units
 * ({@link String#length()}), the strictest of the units a provider may count in: a character outside the Basic
 * Multilingual Plane (most emoji) counts 2, so a prompt that passes here passes at the provider too.
 */
public final class PromptLimit {

    public static final int MAX_UTF16_UNITS = 2500;

    private PromptLimit() {
    }

    public static boolean exceeded(String prompt) {
        return prompt.length() > MAX_UTF16_UNITS;
    }
}

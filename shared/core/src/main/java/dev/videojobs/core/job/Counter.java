package dev.videojobs.core.job;

import java.util.Locale;

/** What a job counts: failed attempts of a step, routine checks, and checks that failed (each backs off on its own). */
public enum Counter {
    FORWARD, FETCH, CHECK, CHECK_ERROR;

    public static Counter of(Step step) {
        return switch (step) {
            case FORWARD -> FORWARD;
            case FETCH -> FETCH;
            case CHECK -> CHECK;
            case NOTIFY -> throw new IllegalArgumentException("webhook attempts are counted on the notification");
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.videojobs.core.job;

import java.util.Locale;

/** A piece of work on a job: what a lease holds, an attempt counts and a last error is about. */
public enum Step {
    /** Submitting to the provider (leased: a second submit would be a second billed task). */
    FORWARD,
    /** Asking the provider about the task. */
    CHECK,
    /** Copying the outputs into our bucket (leased). */
    FETCH,
    /** Delivering the client's webhook (leased). */
    NOTIFY;

    /** The name stored on the job and shown to the client ({@code last_errors.forward}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

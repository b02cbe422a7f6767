package dev.videojobs.shared.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call that did not succeed, classified by what can fix it: time (RETRYABLE), nothing (the job's request
 * was refused: JOB_REJECTED), or the account owner (ACCOUNT: credentials, balance, allow-list).
 */
public final class ProviderException extends Exception {

    public enum Kind { RETRYABLE, JOB_REJECTED, ACCOUNT }

    private final Kind kind;
    private final String code;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String code, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static ProviderException retryable(String code, String message) {
        return new ProviderException(Kind.RETRYABLE, code, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Our error code, e.g. {@code provider_unavailable}, {@code kling_1301}. */
    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

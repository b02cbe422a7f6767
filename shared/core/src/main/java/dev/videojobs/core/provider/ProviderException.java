package dev.videojobs.core.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A provider call that did not succeed, classified by what can fix it: time (RETRYABLE), nothing (the job's request
 * was refused, or the provider finished it without a usable result: JOB_REJECTED), or the account owner (ACCOUNT:
 * credentials, balance, permissions, allow-list).
 */
public final class ProviderException extends Exception {

    /** A call that never reached the provider (no connection): it created nothing, so it is safe to repeat. */
    public static final String UNREACHABLE = "provider_unreachable";

    public enum Kind { RETRYABLE, OUTCOME_UNKNOWN, JOB_REJECTED, ACCOUNT }

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

    /**
     * This failure as the outcome of a submit: a retryable failure other than a refusal that created nothing (a rate or
     * concurrency limit, a connection that never reached the provider) leaves the task's existence unknown.
     */
    public ProviderException asSubmitOutcome(Set<String> refusals) {
        return kind == Kind.RETRYABLE && !refusals.contains(code) && !code.equals(UNREACHABLE)
                ? new ProviderException(Kind.OUTCOME_UNKNOWN, code, getMessage(), retryAfter) : this;
    }

    /** The provider says the task finished well but gives nothing we can copy: asking again will not change that. */
    public static ProviderException badResult(String message) {
        return new ProviderException(Kind.JOB_REJECTED, "provider_bad_result", message, null);
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

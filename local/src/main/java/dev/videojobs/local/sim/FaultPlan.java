package dev.videojobs.local.sim;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live fault settings of the simulator. Every field defaults to "no fault"; every setter is safe to call while
 * requests are in flight. JSON form (snake_case) is what {@code GET/POST /__sim/faults} read and write.
 *
 * <p>Deterministic hooks for tests: {@code failNextCalls} (the next N matching API calls fail with the first error
 * kind), {@code failPromptsContaining}, and any rate set to 1.0.
 *
 * <p>Error kinds: {@code http_500}, {@code http_503}, {@code http_429} (with Retry-After), {@code timeout} (hold the
 * call {@code timeoutMs}, at most 30 s, then close without answering), {@code malformed_json},
 * {@code truncated_json} (the call IS processed, its JSON answer is cut in half), {@code connection_reset} (close
 * without answering), {@code kling:<code>} (Kling error with its HTTP status; Kling calls only) and
 * {@code wavespeed:<http status>} (WaveSpeed error envelope; WaveSpeed calls only). Other kinds reject a call before
 * it is processed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"error_rate", "error_kinds", "error_scope", "fail_next_calls", "latency_ms", "timeout_ms",
        "task_failure_rate", "fail_prompts_containing", "callback_drop_rate", "callback_duplicate_rate",
        "callback_delay_ms", "output_failures", "output_failure_status", "output_truncate_rate", "max_concurrent"})
public final class FaultPlan {
    static final long MAX_TIMEOUT_MS = 30_000;
    private static final Set<String> PLAIN_KINDS = Set.of("http_500", "http_503", "http_429", "timeout",
            "malformed_json", "truncated_json", "connection_reset");
    private static final Set<String> SCOPES = Set.of("submit", "query", "all");

    private volatile double errorRate;
    private volatile List<String> errorKinds = List.of();
    private volatile String errorScope = "all";
    private final AtomicInteger failNextCalls = new AtomicInteger();
    private volatile long latencyMs;
    private volatile long timeoutMs = 10_000;
    private volatile double taskFailureRate;
    private volatile String failPromptsContaining;
    private volatile double callbackDropRate;
    private volatile double callbackDuplicateRate;
    private volatile long callbackDelayMs;
    private volatile int outputFailures;
    private volatile int outputFailureStatus = 500;
    private volatile double outputTruncateRate;
    private volatile int maxConcurrent;

    public double getErrorRate() {
        return errorRate;
    }

    /** Probability (0..1) that an API call in scope fails with a random kind from {@link #getErrorKinds()}. */
    public FaultPlan setErrorRate(double value) {
        errorRate = rate("error_rate", value);
        return this;
    }

    public List<String> getErrorKinds() {
        return errorKinds;
    }

    /** Which error to inject; empty means {@code http_500}. */
    public FaultPlan setErrorKinds(List<String> value) {
        List<String> kinds = value == null ? List.of() : List.copyOf(value);
        kinds.forEach(FaultPlan::checkKind);
        errorKinds = kinds;
        return this;
    }

    public String getErrorScope() {
        return errorScope;
    }

    /** "submit" (POSTs), "query" (GETs) or "all". */
    public FaultPlan setErrorScope(String value) {
        String scope = value == null ? "all" : value;
        if (!SCOPES.contains(scope)) {
            throw new IllegalArgumentException("error_scope must be submit, query or all");
        }
        errorScope = scope;
        return this;
    }

    public int getFailNextCalls() {
        return failNextCalls.get();
    }

    /** The next N API calls in scope (and of the kind's provider) fail with the first error kind, then normal. */
    public FaultPlan setFailNextCalls(int value) {
        failNextCalls.set((int) nonNegative("fail_next_calls", value));
        return this;
    }

    public long getLatencyMs() {
        return latencyMs;
    }

    /** Added to every provider API answer. */
    public FaultPlan setLatencyMs(long value) {
        latencyMs = nonNegative("latency_ms", value);
        return this;
    }

    public long getTimeoutMs() {
        return timeoutMs;
    }

    /** How long a {@code timeout} fault holds the call before closing it (capped at 30 s). */
    public FaultPlan setTimeoutMs(long value) {
        timeoutMs = Math.min(MAX_TIMEOUT_MS, nonNegative("timeout_ms", value));
        return this;
    }

    public double getTaskFailureRate() {
        return taskFailureRate;
    }

    /** Probability that an accepted task ends failed with "simulated failure". */
    public FaultPlan setTaskFailureRate(double value) {
        taskFailureRate = rate("task_failure_rate", value);
        return this;
    }

    public String getFailPromptsContaining() {
        return failPromptsContaining;
    }

    /** Tasks whose prompt contains this text end failed with "simulated failure"; null or empty = off. */
    public FaultPlan setFailPromptsContaining(String value) {
        failPromptsContaining = value == null || value.isEmpty() ? null : value;
        return this;
    }

    public double getCallbackDropRate() {
        return callbackDropRate;
    }

    public FaultPlan setCallbackDropRate(double value) {
        callbackDropRate = rate("callback_drop_rate", value);
        return this;
    }

    public double getCallbackDuplicateRate() {
        return callbackDuplicateRate;
    }

    /** Probability that a callback is delivered twice (same body, same webhook-id). */
    public FaultPlan setCallbackDuplicateRate(double value) {
        callbackDuplicateRate = rate("callback_duplicate_rate", value);
        return this;
    }

    public long getCallbackDelayMs() {
        return callbackDelayMs;
    }

    public FaultPlan setCallbackDelayMs(long value) {
        callbackDelayMs = nonNegative("callback_delay_ms", value);
        return this;
    }

    public int getOutputFailures() {
        return outputFailures;
    }

    /** The first N GETs of each output file answer {@link #getOutputFailureStatus()}. */
    public FaultPlan setOutputFailures(int value) {
        outputFailures = (int) nonNegative("output_failures", value);
        return this;
    }

    public int getOutputFailureStatus() {
        return outputFailureStatus;
    }

    public FaultPlan setOutputFailureStatus(int value) {
        if (value < 400 || value > 599) {
            throw new IllegalArgumentException("output_failure_status must be an HTTP error status 400..599");
        }
        outputFailureStatus = value;
        return this;
    }

    public double getOutputTruncateRate() {
        return outputTruncateRate;
    }

    /** Probability that an output download sends half its bytes while declaring the full Content-Length. */
    public FaultPlan setOutputTruncateRate(double value) {
        outputTruncateRate = rate("output_truncate_rate", value);
        return this;
    }

    public int getMaxConcurrent() {
        return maxConcurrent;
    }

    /** Submits are refused with 429 while this many tasks of the provider are unfinished; 0 = unlimited. */
    public FaultPlan setMaxConcurrent(int value) {
        maxConcurrent = (int) nonNegative("max_concurrent", value);
        return this;
    }

    /** Copies every setting of {@code other} into this live plan. */
    public synchronized FaultPlan replaceWith(FaultPlan other) {
        errorRate = other.errorRate;
        errorKinds = other.errorKinds;
        errorScope = other.errorScope;
        failNextCalls.set(other.failNextCalls.get());
        latencyMs = other.latencyMs;
        timeoutMs = other.timeoutMs;
        taskFailureRate = other.taskFailureRate;
        failPromptsContaining = other.failPromptsContaining;
        callbackDropRate = other.callbackDropRate;
        callbackDuplicateRate = other.callbackDuplicateRate;
        callbackDelayMs = other.callbackDelayMs;
        outputFailures = other.outputFailures;
        outputFailureStatus = other.outputFailureStatus;
        outputTruncateRate = other.outputTruncateRate;
        maxConcurrent = other.maxConcurrent;
        return this;
    }

    /** Back to no faults at all. */
    public FaultPlan clear() {
        return replaceWith(new FaultPlan());
    }

    /**
     * The error kind to inject into one API call, or null to let it through. Consumes one {@code failNextCalls}
     * when it applies.
     */
    private final java.util.concurrent.atomic.AtomicLong injected = new java.util.concurrent.atomic.AtomicLong();

    /** How many calls this plan has failed since the simulator started (not part of the plan's JSON). */
    public long injectedErrors() {
        return injected.get();
    }

    String pickError(String provider, boolean submit) {
        String picked = pick(provider, submit);
        if (picked != null) {
            injected.incrementAndGet();
        }
        return picked;
    }

    private String pick(String provider, boolean submit) {
        String scope = errorScope;
        if (!scope.equals("all") && !scope.equals(submit ? "submit" : "query")) {
            return null;
        }
        List<String> kinds = errorKinds.isEmpty() ? List.of("http_500") : errorKinds;
        String first = kinds.get(0);
        if (appliesTo(first, provider) && failNextCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return first;
        }
        if (!roll(errorRate)) {
            return null;
        }
        List<String> applicable = kinds.stream().filter(kind -> appliesTo(kind, provider)).toList();
        return applicable.isEmpty() ? null : applicable.get(ThreadLocalRandom.current().nextInt(applicable.size()));
    }

    boolean shouldFailTask(String prompt) {
        String marker = failPromptsContaining;
        return (marker != null && prompt != null && prompt.contains(marker)) || roll(taskFailureRate);
    }

    static boolean roll(double rate) {
        return rate > 0 && (rate >= 1 || ThreadLocalRandom.current().nextDouble() < rate);
    }

    private static boolean appliesTo(String kind, String provider) {
        return kind.startsWith("kling:") ? provider.equals("kling")
                : !kind.startsWith("wavespeed:") || provider.equals("wavespeed");
    }

    private static void checkKind(String kind) {
        boolean known = kind != null && (PLAIN_KINDS.contains(kind)
                || (kind.startsWith("kling:") && KlingCodes.isKnown(parseCode(kind)))
                || (kind.startsWith("wavespeed:") && parseCode(kind) >= 400 && parseCode(kind) <= 599));
        if (!known) {
            throw new IllegalArgumentException("unknown error kind " + kind + ": use one of " + PLAIN_KINDS
                    + ", kling:<Kling error code> or wavespeed:<HTTP status 400..599>");
        }
    }

    static int parseCode(String kind) {
        try {
            return Integer.parseInt(kind.substring(kind.indexOf(':') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
        return value;
    }

    private static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    @Override
    public String toString() {
        return new String(Json.bytes(this), java.nio.charset.StandardCharsets.UTF_8);
    }
}

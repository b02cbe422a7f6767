package dev.videojobs.local.sim;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live fault settings of the simulator. Every field defaults to "no fault"; every setter is safe to call while
 * requests are in flight. JSON form (snake_case) is what {@code GET/POST /__sim/faults} read and write.
 *
 * <p>Deterministic hooks for tests: {@code failNextCalls} (the next N matching API calls fail with the first error
 * kind), {@code failPromptsContaining}, and any rate set to 1.0.
 *
 * <p>Every other fault is decided by {@link #draw(long, String, String, long)}: a hash of the {@code seed}, the call's
 * subject, the kind of call and the ordinal of that call for that subject (the 3rd query of a task, the 2nd download
 * of its output 0). Concurrent callers therefore cannot change each other's faults, and the same seed replays them.
 * The subject is the task's prompt (or, without one, the submit's path or the task id): job and task ids are random
 * per run, the prompt is what a client controls, so a run whose jobs have distinct prompts replays exactly. A new
 * plan (and so {@code POST /__sim/faults} without a seed) gets a random seed; {@code GET /__sim/faults} shows it.
 *
 * <p>Error kinds: {@code http_500}, {@code http_503}, {@code http_429} (with Retry-After), {@code timeout} (hold the
 * call {@code timeoutMs}, at most 30 s, then close without answering), {@code malformed_json},
 * {@code truncated_json} (the call IS processed, its JSON answer is cut in half), {@code answer_lost} (the call IS
 * processed, e.g. a task created, then the connection closes without an answer), {@code connection_reset} (close
 * without answering), {@code kling:<code>} (Kling error with its HTTP status; Kling calls only) and
 * {@code wavespeed:<http status>} (WaveSpeed error envelope; WaveSpeed calls only). Other kinds reject a call before
 * it is processed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"seed", "error_rate", "error_kinds", "error_scope", "fail_next_calls", "latency_ms", "timeout_ms",
        "task_failure_rate", "fail_prompts_containing", "callback_drop_rate", "callback_duplicate_rate",
        "callback_delay_ms", "output_failures", "output_failure_status", "output_truncate_rate", "max_concurrent"})
public final class FaultPlan {
    static final long MAX_TIMEOUT_MS = 30_000;
    private static final Set<String> PLAIN_KINDS = Set.of("http_500", "http_503", "http_429", "timeout",
            "malformed_json", "truncated_json", "answer_lost", "connection_reset");
    private static final Set<String> SCOPES = Set.of("submit", "query", "all");

    private volatile long seed = ThreadLocalRandom.current().nextLong();
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

    /** Per (subject, kind of call): how many such calls were decided so far. Reset with the plan or its seed. */
    private final Map<String, AtomicLong> ordinals = new ConcurrentHashMap<>();
    /** Per subject: the faults injected, in order, for {@link #activity(String)}. */
    private final Map<String, Queue<String>> injectedFaults = new ConcurrentHashMap<>();
    /** API calls failed since the simulator started, per kind of call ("submit", "query"); not part of the JSON. */
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

    public long getSeed() {
        return seed;
    }

    /** The seed every fault decision is derived from; setting it restarts the per-subject call counts. */
    public FaultPlan setSeed(long value) {
        seed = value;
        forgetCalls();
        return this;
    }

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
        seed = other.seed;
        forgetCalls();
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

    /** How many API calls this plan has failed since the simulator started (not part of the plan's JSON). */
    public long injectedErrors() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** {@link #injectedErrors()} of one kind of call: "submit" (POSTs) or "query" (GETs). */
    public long injectedErrors(String call) {
        AtomicLong count = injected.get(call);
        return count == null ? 0 : count.get();
    }

    /**
     * A number in [0, 1) that depends only on its arguments: the one source of every seeded fault decision, also for
     * tests that derive their own choices (which jobs to cancel, when a client endpoint fails) from the same seed.
     */
    public static double draw(long seed, String subject, String kind, long ordinal) {
        long hash = mix(seed ^ 0x9E3779B97F4A7C15L);
        hash = mix(hash ^ fnv(subject));
        hash = mix(hash ^ fnv(kind));
        hash = mix(hash ^ ordinal);
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** {@link #draw(long, String, String, long)} with this plan's seed. */
    public double draw(String subject, String kind, long ordinal) {
        return draw(seed, subject, kind, ordinal);
    }

    /**
     * The error kind to inject into one API call about {@code subject}, or null to let it through. Consumes one
     * {@code failNextCalls} when it applies.
     */
    String pickError(String provider, boolean submit, String subject) {
        String call = submit ? "submit" : "query";
        long ordinal = nextOrdinal(subject, call);
        String picked = pick(provider, submit, subject, call, ordinal);
        if (picked != null) {
            injected.computeIfAbsent(call, key -> new AtomicLong()).incrementAndGet();
            record(subject, call + " #" + ordinal + " " + picked);
        }
        return picked;
    }

    private String pick(String provider, boolean submit, String subject, String call, long ordinal) {
        String scope = errorScope;
        if (!scope.equals("all") && !scope.equals(submit ? "submit" : "query")) {
            return null;
        }
        List<String> kinds = errorKinds.isEmpty() ? List.of("http_500") : errorKinds;
        String first = kinds.get(0);
        if (appliesTo(first, provider) && failNextCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return first;
        }
        if (!(draw(subject, call + " error", ordinal) < errorRate)) {
            return null;
        }
        List<String> applicable = kinds.stream().filter(kind -> appliesTo(kind, provider)).toList();
        return applicable.isEmpty() ? null
                : applicable.get((int) (draw(subject, call + " error kind", ordinal) * applicable.size()));
    }

    /** Whether the task about {@code subject} (its prompt is {@code prompt}) ends failed. */
    boolean shouldFailTask(String subject, String prompt) {
        String marker = failPromptsContaining;
        boolean fails = (marker != null && prompt != null && prompt.contains(marker))
                || draw(subject, "task failure", 1) < taskFailureRate;
        if (fails) {
            record(subject, "task fails");
        }
        return fails;
    }

    /** How many copies of the next callback of {@code subject} to send: 0 (dropped), 1, or 2 (duplicated). */
    int callbackCopies(String subject) {
        long ordinal = nextOrdinal(subject, "callback");
        if (draw(subject, "callback drop", ordinal) < callbackDropRate) {
            record(subject, "callback #" + ordinal + " dropped");
            return 0;
        }
        if (draw(subject, "callback duplicate", ordinal) < callbackDuplicateRate) {
            record(subject, "callback #" + ordinal + " duplicated");
            return 2;
        }
        return 1;
    }

    /** Whether download number {@code download} (1-based, HEADs not counted) of an output fails outright. */
    public boolean failsDownload(long download) {
        return download <= outputFailures;
    }

    /**
     * Whether download number {@code download} (1-based) of output {@code output} of {@code subject} is cut off
     * half-way. Public so a test can tell in advance which outputs can never be copied.
     */
    public boolean cutsOff(String subject, int output, long download) {
        return draw(subject, "output " + output + " cut off", download) < outputTruncateRate;
    }

    /** Counts a download for {@link #activity(String)}, noting how it was spoiled (null = served whole). */
    void countDownload(String subject, int output, long download, String spoiled) {
        nextOrdinal(subject, "output " + output + " download");
        if (spoiled != null) {
            record(subject, "output " + output + " download #" + download + " " + spoiled);
        }
    }

    /**
     * What this plan did to {@code subject} so far: calls decided per kind, then each fault injected in order, e.g.
     * {@code submit 2, query 3, callback 1; submit #1 http_503, callback #1 dropped}.
     */
    public String activity(String subject) {
        String prefix = subject + "\n";
        Map<String, Long> counts = new TreeMap<>();
        ordinals.forEach((key, count) -> {
            if (key.startsWith(prefix)) {
                counts.put(key.substring(prefix.length()), count.get());
            }
        });
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, count) -> parts.add(kind + " " + count));
        String faults = String.join(", ", faultsInjected(subject));
        return (parts.isEmpty() ? "no calls" : String.join(", ", parts)) + "; " + (faults.isEmpty() ? "no faults" : faults);
    }

    /** The faults injected into calls about {@code subject}, in order, e.g. {@code submit #1 http_503}. */
    public List<String> faultsInjected(String subject) {
        Queue<String> faults = injectedFaults.get(subject);
        return faults == null ? List.of() : List.copyOf(faults);
    }

    private long nextOrdinal(String subject, String kind) {
        return ordinals.computeIfAbsent(subject + "\n" + kind, key -> new AtomicLong()).incrementAndGet();
    }

    private void record(String subject, String fault) {
        injectedFaults.computeIfAbsent(subject, key -> new ConcurrentLinkedQueue<>()).add(fault);
    }

    private void forgetCalls() {
        ordinals.clear();
        injectedFaults.clear();
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole result. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over the UTF-8 bytes: a stable hash (String.hashCode is only 32 bits). */
    private static long fnv(String text) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return hash;
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

package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** One accepted task: what was asked (immutable) and where it stands (guarded by this object's lock). */
final class SimTask {
    static final String WAVESPEED = "wavespeed";
    static final String KLING = "kling";

    enum Phase {
        QUEUED, PROCESSING, SUCCEEDED, FAILED;

        boolean isFinal() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    /** A consistent view of the mutable part, for rendering responses and callbacks. */
    record State(Phase phase, Instant updatedAt, List<OutputStore.Published> outputs, String error,
            long inferenceMs, int callbacksSent) {
    }

    final String provider;
    final String id;
    final String endpoint;
    final String model;
    final JsonNode request;
    final String externalTaskId;
    final String callbackUrl;
    final TaskSpec spec;
    final Instant createdAt;
    /** WaveSpeed enable_base64_output: answer outputs as base64 text instead of URLs. */
    final boolean base64Output;

    private Phase phase = Phase.QUEUED;
    private Instant updatedAt;
    private Instant processingStartedAt;
    private List<OutputStore.Published> outputs = List.of();
    private String error = "";
    private long inferenceMs;
    private int callbacksSent;
    private boolean cancelled;
    private final List<Future<?>> pending = new ArrayList<>();
    /** Callbacks of one task go out one after another, so a receiver never sees "processing" after "succeed". */
    private CompletableFuture<Void> callbackChain = CompletableFuture.completedFuture(null);
    private volatile Consumer<SimTask> onChange = task -> { };

    SimTask(String provider, String id, String endpoint, String model, JsonNode request, String externalTaskId,
            String callbackUrl, TaskSpec spec, boolean base64Output) {
        this.provider = provider;
        this.id = id;
        this.endpoint = endpoint;
        this.model = model;
        this.request = request;
        this.externalTaskId = externalTaskId;
        this.callbackUrl = callbackUrl;
        this.spec = spec;
        this.base64Output = base64Output;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    /** Called after every status change (on a simulator thread); providers send their callbacks from here. */
    SimTask onChange(Consumer<SimTask> listener) {
        onChange = listener;
        return this;
    }

    void notifyChange() {
        onChange.accept(this);
    }

    synchronized State state() {
        return new State(phase, updatedAt, outputs, error, inferenceMs, callbacksSent);
    }

    synchronized boolean startProcessing() {
        if (cancelled || phase != Phase.QUEUED) {
            return false;
        }
        phase = Phase.PROCESSING;
        processingStartedAt = Instant.now();
        updatedAt = processingStartedAt;
        return true;
    }

    synchronized boolean succeed(List<OutputStore.Published> results) {
        return finish(Phase.SUCCEEDED, results, "");
    }

    synchronized boolean fail(String reason) {
        return finish(Phase.FAILED, List.of(), reason);
    }

    private boolean finish(Phase outcome, List<OutputStore.Published> results, String reason) {
        if (cancelled || phase.isFinal()) {
            return false;
        }
        phase = outcome;
        updatedAt = Instant.now();
        inferenceMs = processingStartedAt == null ? 0 : Duration.between(processingStartedAt, updatedAt).toMillis();
        outputs = List.copyOf(results);
        error = reason;
        notifyAll();
        return true;
    }

    /** Waits until the task is final (a sync-mode submit); false when {@code limit} passed first. */
    synchronized boolean awaitFinal(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!phase.isFinal() && !cancelled) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return phase.isFinal();
    }

    synchronized void track(Future<?> future) {
        pending.removeIf(Future::isDone);
        pending.add(future);
    }

    /** Stops scheduled work (on reset/close); the task keeps its last status. */
    synchronized void cancel() {
        cancelled = true;
        pending.forEach(future -> future.cancel(true));
        pending.clear();
        notifyAll();
    }

    synchronized void queueCallback(Runnable delivery, Executor executor) {
        if (!cancelled) {
            callbackChain = callbackChain.thenRunAsync(delivery, executor);
        }
    }

    synchronized void countCallback() {
        callbacksSent++;
    }

    /** What the fault plan keys this task's seeded faults on: its prompt, or its id when it has none. */
    String faultSubject() {
        return spec.prompt() == null || spec.prompt().isEmpty() ? id : spec.prompt();
    }

    boolean isKling() {
        return provider.equals(KLING);
    }

    /** The status word the provider itself uses. */
    String statusName(Phase of) {
        return switch (of) {
            case QUEUED -> isKling() ? "submitted" : "created";
            case PROCESSING -> "processing";
            case SUCCEEDED -> isKling() ? "succeed" : "completed";
            case FAILED -> "failed";
        };
    }

    RecordedTask record() {
        State now = state();
        return new RecordedTask(provider, id, endpoint, model, request, externalTaskId, callbackUrl,
                statusName(now.phase()), now.callbacksSent());
    }
}

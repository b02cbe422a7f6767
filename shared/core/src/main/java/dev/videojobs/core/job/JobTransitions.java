package dev.videojobs.core.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Applies a change to a job as one conditional write on the version read. The change sees the freshest job and
 * returns the changed copy, or empty when there is nothing to do (already done, terminal, not its turn): so a
 * replayed message or a second copy of a function finds the transition made and does nothing.
 */
public final class JobTransitions {

    private static final int MAX_CONFLICTS = 5;

    private final JobStore store;
    private final Clock clock;

    public JobTransitions(JobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The result: {@code won} when this caller's write landed (and so owns the side effects that follow). */
    public record Outcome(boolean won, Optional<Job> job) {
        public static Outcome missing() {
            return new Outcome(false, Optional.empty());
        }
    }

    public Outcome apply(String jobId, BiFunction<Job, Instant, Optional<Job>> change) {
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            Optional<Job> current = store.get(jobId);
            if (current.isEmpty()) {
                return Outcome.missing();
            }
            Job read = current.get();
            Optional<Job> changed = change.apply(read.copy(), clock.instant());
            if (changed.isEmpty()) {
                return new Outcome(false, current);
            }
            Job next = changed.get().bumpVersion();
            if (store.replace(next, read.version())) {
                return new Outcome(true, Optional.of(next));
            }
        }
        // Lost every race: others are moving this job; their writes own the effects.
        return new Outcome(false, store.get(jobId));
    }
}

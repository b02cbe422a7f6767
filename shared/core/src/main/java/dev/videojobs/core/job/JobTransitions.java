package dev.videojobs.core.job;

import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Applies a change to a job as one conditional write on the version read. The change sees the freshest job and
 * returns a {@link Transition} (the changed copy and the effects it owns), or empty when there is nothing to do
 * (already done, terminal, not its turn). The effects run only when this caller's write won: so a replayed message
 * or a second copy of a function finds the transition made and does nothing. The write that ends a job also reports
 * its end to the metrics, so each job's end is counted once, whichever step ends it.
 */
public final class JobTransitions {

    private static final int MAX_CONFLICTS = 5;

    private final JobStore store;
    private final WorkQueue queue;
    private final Clock clock;
    private final JobMetrics metrics;

    public JobTransitions(JobStore store, WorkQueue queue, Clock clock, JobMetrics metrics) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.metrics = metrics;
    }

    public JobMetrics metrics() {
        return metrics;
    }

    /** What a change decided: the job to write, and what must happen once (and only if) the write has won. */
    public record Transition(Job job, List<Effect> effects) {

        public static Transition to(Job job) {
            return new Transition(job, List.of());
        }

        public Transition then(Effect effect) {
            List<Effect> more = new ArrayList<>(effects);
            more.add(effect);
            return new Transition(job, List.copyOf(more));
        }
    }

    /** Work a won transition hands on. */
    public sealed interface Effect {

        /** A message on a work queue, after {@code delay}. */
        record Send(WorkQueue.Name queue, JobMessage message, Duration delay) implements Effect {}

        /** The job's client is told of its end (webhook and/or result file), if it asked to be. */
        record NotifyClient() implements Effect {}

        static Effect send(JobMessage message, Duration delay) {
            return new Send(message.action().queue(), message, delay);
        }

        static Effect notifyClient() {
            return new NotifyClient();
        }
    }

    /**
     * The result: {@code won} when this caller's write landed (and its effects ran); {@code job} the job as it is now
     * (empty when there is none); {@code read} the job as the winning change saw it, and {@code at} when it ran.
     */
    public record Outcome(boolean won, Optional<Job> job, Optional<Job> read, Instant at) {

        public Job wonJob() {
            return job.filter(j -> won).orElseThrow(() -> new IllegalStateException("the transition did not win"));
        }
    }

    public Outcome apply(String jobId, BiFunction<Job, Instant, Optional<Transition>> change) {
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            Optional<Job> current = store.get(jobId);
            Instant now = clock.instant();
            if (current.isEmpty()) {
                return new Outcome(false, Optional.empty(), Optional.empty(), now);
            }
            Job read = current.get();
            Optional<Transition> changed = change.apply(read.copy(), now);
            if (changed.isEmpty()) {
                return new Outcome(false, current, current, now);
            }
            Job next = changed.get().job().bumpVersion();
            if (store.replace(next, read.version())) {
                changed.get().effects().forEach(effect -> run(effect, next));
                if (next.status().isTerminal() && !read.status().isTerminal()) {
                    metrics.ended(next);
                }
                return new Outcome(true, Optional.of(next), current, now);
            }
        }
        // Lost every race: others are moving this job; their writes own the effects.
        return new Outcome(false, store.get(jobId), Optional.empty(), clock.instant());
    }

    private void run(Effect effect, Job job) {
        if (effect instanceof Effect.Send send) {
            queue.send(send.queue(), send.message(), send.delay());
        } else if (job.webhookUrl().isPresent() || job.requestFileKey().isPresent()) {
            queue.send(WorkQueue.Name.NOTIFY, new JobMessage(JobMessage.Action.NOTIFY, job.id(), job.notification().flatMap(Notification::eventId).orElseThrow(),
                    null), Duration.ZERO);
        }
    }
}

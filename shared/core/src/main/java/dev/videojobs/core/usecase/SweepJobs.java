package dev.videojobs.core.usecase;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.job.JobTransitions.Effect;
import dev.videojobs.core.job.JobTransitions.Outcome;
import dev.videojobs.core.job.JobTransitions.Transition;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.schedule.TimeBudget;
import dev.videojobs.json.JsonLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Re-issues the pending work of live jobs whose next check is overdue (a lost message), and expires late ones:
 * oldest overdue first, one job at a time, while the budget allows. A swept job's next check moves on, out of the
 * overdue range, so what one invocation does not reach is the oldest overdue work of the next: nothing waits forever.
 * A job whose sweep fails is logged and passed over for the rest of this invocation.
 */
public final class SweepJobs {

    private static final Duration SWEEP_GRACE = Duration.ofMinutes(5);
    private static final int SWEEP_PAGE = 100;

    private final JobStore jobs;
    private final JobSteps steps;

    public SweepJobs(JobStore jobs, JobSteps steps) {
        this.jobs = jobs;
        this.steps = steps;
    }

    /** @return how many jobs this sweep moved; the oldest live job's age is measured first, as the sweep finds the jobs */
    public int sweep(Instant now, TimeBudget budget) {
        measureOldestLiveJob(now);
        Set<String> attempted = new HashSet<>();
        int handled = 0;
        while (budget.allowsAnotherItem()) {
            // ask past the ones tried already: a job that failed stays overdue and would fill every page
            List<String> fresh = jobs.due(now.toEpochMilli(), attempted.size() + SWEEP_PAGE).stream()
                    .filter(id -> !attempted.contains(id)).toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (String id : fresh) {
                if (!budget.allowsAnotherItem()) {
                    break;
                }
                attempted.add(id);
                try {
                    handled += sweepJob(id) ? 1 : 0;
                } catch (RuntimeException e) {
                    JsonLog.error("sweep_failed", "could not sweep the job; it is passed over this run", e, "job_id", id);
                }
            }
        }
        return handled;
    }

    /** A failed read loses one measurement, never the sweep. */
    private void measureOldestLiveJob(Instant now) {
        try {
            steps.metrics().oldestLiveJob(jobs.oldestLiveCreatedAt().map(created -> Duration.between(created, now)).orElse(Duration.ZERO));
        } catch (RuntimeException e) {
            JsonLog.error("oldest_live_job_unmeasured", "could not read the live jobs; this sweep goes on without the measurement", e);
        }
    }

    /** One overdue job: its work re-issued, or the job expired. False when there was nothing to do. */
    private boolean sweepJob(String id) {
        Outcome outcome = steps.transitions().apply(id, (job, at) -> {
            if (job.status().isTerminal() || job.nextCheckAt() > at.toEpochMilli()) {
                return Optional.empty();
            }
            if (JobSteps.expired(job, at)) {
                return Optional.of(JobSteps.expire(job, at));
            }
            Transition reissued = reissue(job, at);
            // the sweeper looks again only if this work is lost too
            job.nextCheckAt(at.plus(steps.schedulesOf(job).scale(SWEEP_GRACE)));
            return Optional.of(reissued);
        });
        return outcome.won();
    }

    /** The work a live job is waiting for, sent again now: its forward, its copy, or a fresh check of its task. */
    private static Transition reissue(Job job, Instant at) {
        if (job.status() == JobStatus.QUEUED) {
            return Transition.to(job).then(Effect.send(JobMessage.of(Action.FORWARD, job.id()), Duration.ZERO));
        }
        if (job.hasProviderOutputs()) {
            return Transition.to(job).then(Effect.send(JobMessage.of(Action.FETCH, job.id()), Duration.ZERO));
        }
        return JobSteps.scheduleCheck(job, at, Duration.ZERO);
    }
}

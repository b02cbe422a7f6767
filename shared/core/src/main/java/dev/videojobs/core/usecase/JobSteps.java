package dev.videojobs.core.usecase;

import dev.videojobs.core.job.Counter;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.job.JobTransitions.Effect;
import dev.videojobs.core.job.JobTransitions.Outcome;
import dev.videojobs.core.job.JobTransitions.Transition;
import dev.videojobs.core.job.JobTransitions;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.json.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The steps the use cases share: claiming a piece of work with a lease (the one lease helper), retrying it after a
 * backoff, ending a job, and planning its next check. Each is one conditional transition whose effects run only when
 * its write won.
 */
public final class JobSteps {

    /** The log event of a provider's account refusal, which template.yaml's ProviderAccountProblems alarm counts. */
    public static final String ACCOUNT_PROBLEM_EVENT = "provider_account_problem";

    private final JobTransitions transitions;
    private final Schedules schedules;

    public JobSteps(JobTransitions transitions, Schedules schedules) {
        this.transitions = transitions;
        this.schedules = schedules;
    }

    /** The steps over a store and the work queues: transitions whose effects are sent on {@code queue}. */
    public static JobSteps over(JobStore jobs, WorkQueue queue, Clock clock, Schedules schedules, JobMetrics metrics) {
        return new JobSteps(new JobTransitions(jobs, queue, clock, metrics), schedules);
    }

    public JobTransitions transitions() {
        return transitions;
    }

    public JobMetrics metrics() {
        return transitions.metrics();
    }

    /**
     * A claimed step: the job as claimed, when, and since when a previous holder's lease had run out without being
     * released (it crashed or timed out mid-step), if one had.
     */
    public record Claim(Job job, Instant at, Optional<Instant> abandonedSince) {}

    /**
     * Claims a step of work for {@code work} (real time): concurrent or duplicate copies of the step stand back while
     * the lease holds; a crashed holder's lease runs out and the step can be taken again. A step on a live job (forward,
     * fetch) also sets the job's next check to the lease's end, so the sweeper hands it on, and expires a job past its
     * deadline instead; {@link Step#NOTIFY} works on ended jobs.
     */
    public Optional<Claim> claim(String jobId, Step step, Duration work, Predicate<Job> ready) {
        Duration lease = schedules.lease(work);
        boolean onEndedJob = step == Step.NOTIFY;
        Outcome claim = transitions.apply(jobId, (job, now) -> {
            if (job.status().isTerminal() != onEndedJob || !ready.test(job) || job.leaseUntil(step) > now.toEpochMilli()) {
                return Optional.empty();
            }
            if (!onEndedJob && expired(job, now)) {
                return Optional.of(expire(job, now));
            }
            Instant until = now.plus(lease);
            job.lease(step, until);
            return Optional.of(Transition.to(onEndedJob ? job : job.nextCheckAt(until)));
        });
        if (!claim.won() || claim.wonJob().status().isTerminal() != onEndedJob) {
            return Optional.empty();
        }
        long previous = claim.read().orElseThrow().leaseUntil(step);
        Optional<Instant> abandoned = previous == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(previous).minus(lease));
        return Optional.of(new Claim(claim.wonJob(), claim.at(), abandoned));
    }

    /** A claimed step failed in a way time may fix: try again after a backoff, or fail the job after {@code maxAttempts}. */
    public void retry(String jobId, Step step, String code, String message, Duration retryAfter, int maxAttempts) {
        retry(jobId, step, code, message, retryAfter, maxAttempts, UnaryOperator.identity());
    }

    /** As {@link #retry(String, Step, String, String, Duration, int)}, also recording {@code alsoRecord} on the job. */
    public void retry(String jobId, Step step, String code, String message, Duration retryAfter, int maxAttempts,
            UnaryOperator<Job> alsoRecord) {
        transitions.apply(jobId, (job, now) -> {
            if (job.status().isTerminal()) {
                return Optional.empty();
            }
            alsoRecord.apply(job).countAttempt(Counter.of(step)).releaseLease(step).lastError(step, message);
            if (job.attempts(Counter.of(step)) >= maxAttempts) {
                return Optional.of(finish(job, JobStatus.FAILED, now, code, message + " (after " + maxAttempts + " attempts)"));
            }
            Duration delay = schedulesOf(job).retry(job.attempts(Counter.of(step)), retryAfter);
            Action action = step == Step.FETCH ? Action.FETCH : Action.FORWARD;
            return Optional.of(Transition.to(job.nextCheckAt(now.plus(delay))).then(Effect.send(JobMessage.of(action, jobId), delay)));
        });
    }

    /** Every output is in S3 and verified: the live job succeeded (a second call finds it ended and does nothing). */
    public void succeed(String jobId, List<Job.Output> outputs) {
        transitions.apply(jobId, (job, now) -> job.status().isTerminal() ? Optional.empty()
                : Optional.of(finish(job.outputs(outputs), JobStatus.SUCCEEDED, now, null, null)));
    }

    /** Ends a live job as failed; an account problem (credentials, balance, allow-list) is flagged for the operator. */
    public void fail(String jobId, String code, String message, boolean accountProblem) {
        transitions.apply(jobId, (job, now) -> {
            if (job.status().isTerminal()) {
                return Optional.empty();
            }
            Transition failed = finish(job, JobStatus.FAILED, now, code, message);
            if (accountProblem) {
                failed.job().accountProblem();
            }
            return Optional.of(failed);
        });
        if (accountProblem) {
            // the operator's to fix (credentials, balance, allow-list): the template's metric filter alarms on this line
            JsonLog.error(ACCOUNT_PROBLEM_EVENT, "the provider refused for an account reason: " + message, null, "job_id", jobId,
                    "code", code);
        }
    }

    /** Moves to a terminal state, opens the job's one webhook event, and tells the client once the write wins. */
    public static Transition finish(Job job, JobStatus status, Instant now, String code, String message) {
        job.moveTo(status, now);
        if (status != JobStatus.SUCCEEDED) {
            job.error(code, message);
        }
        job.openNotification().open("msg_" + job.id());
        return Transition.to(job).then(Effect.notifyClient());
    }

    /** A live job past its deadline ends {@code expired}, whichever step finds it. */
    public static boolean expired(Job job, Instant now) {
        return now.isAfter(job.deadline());
    }

    public static Transition expire(Job job, Instant now) {
        return finish(job, JobStatus.EXPIRED, now, "deadline_exceeded", "the job did not finish before its deadline");
    }

    /** A live job still waiting for its provider's result (it has a task, and no outputs yet). */
    public static boolean awaitingProvider(Job job) {
        return !job.status().isTerminal() && job.providerTaskId().isPresent() && !job.hasProviderOutputs();
    }

    /** Plans the job's next check in {@code delay}: a new check sequence number, and its message. */
    public static Transition scheduleCheck(Job job, Instant now, Duration delay) {
        job.nextCheckSequence().nextCheckAt(now.plus(delay));
        return Transition.to(job).then(Effect.send(checkMessage(job), delay));
    }

    private static JobMessage checkMessage(Job job) {
        return new JobMessage(Action.CHECK, job.id(), Integer.toString(job.checkSequence()), null);
    }

    /** A job's waits follow its provider's time scale (a real provider behind the local stack keeps real timings). */
    public Schedules schedulesOf(Job job) {
        return schedules.forProvider(provider(job));
    }

    public Schedules schedules() {
        return schedules;
    }

    public static ProviderName provider(Job job) {
        return ProviderName.fromWire(job.provider()).orElseThrow();
    }
}

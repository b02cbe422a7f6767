package dev.videojobs.core.usecase;

import dev.videojobs.core.job.Counter;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** A scheduled check: ask the provider about the job's task, unless the check is stale (the job has moved on since). */
public final class CheckJob {

    private final JobStore jobs;
    private final JobSteps steps;
    private final ApplyProviderReport reports;
    private final Function<ProviderName, VideoProvider> providers;

    public CheckJob(JobStore jobs, JobSteps steps, ApplyProviderReport reports, Function<ProviderName, VideoProvider> providers) {
        this.jobs = jobs;
        this.steps = steps;
        this.reports = reports;
        this.providers = providers;
    }

    public void check(String jobId, int sequence) {
        Optional<Job> found = jobs.get(jobId);
        if (found.isEmpty() || !current(found.get(), sequence)) {
            return;
        }
        Job job = found.get();
        try {
            TaskState state = providers.apply(JobSteps.provider(job)).query(ProductModel.fromId(job.model()).orElseThrow(),
                    job.providerTaskId().orElseThrow());
            reports.apply(jobId, state, Optional.of(sequence));
        } catch (ProviderException e) {
            if (e.kind() != ProviderException.Kind.RETRYABLE) {
                steps.fail(jobId, e.code(), e.getMessage(), e.kind() == ProviderException.Kind.ACCOUNT);
            } else {
                checkAgainLater(jobId, sequence, e);
            }
        }
    }

    /** A transient error: checked again after a backoff of its own count (routine polls should not lengthen it). */
    private void checkAgainLater(String jobId, int sequence, ProviderException e) {
        steps.transitions().apply(jobId, (current, now) -> {
            if (!current(current, sequence)) {
                return Optional.empty();
            }
            current.countAttempt(Counter.CHECK_ERROR).lastError(Step.CHECK, e.getMessage());
            Duration delay = steps.schedulesOf(current).retry(current.attempts(Counter.CHECK_ERROR), e.retryAfter().orElse(null));
            return Optional.of(JobSteps.scheduleCheck(current, now, delay));
        });
    }

    /** The check this message asks for is the job's latest, and the job still waits for its provider. */
    static boolean current(Job job, int sequence) {
        return JobSteps.awaitingProvider(job) && job.checkSequence() == sequence;
    }
}

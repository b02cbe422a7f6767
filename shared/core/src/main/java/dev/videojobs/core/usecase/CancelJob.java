package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobTransitions.Outcome;
import java.util.Optional;

/** The client cancels its live job; the job ends {@code cancelled} and its webhook is sent. */
public final class CancelJob {

    private final ReadJobs reads;
    private final JobSteps steps;

    public CancelJob(ReadJobs reads, JobSteps steps) {
        this.reads = reads;
        this.steps = steps;
    }

    public Job cancel(String tenant, String jobId) {
        reads.own(tenant, jobId);
        Outcome outcome = steps.transitions().apply(jobId, (job, now) -> job.status().isTerminal() ? Optional.empty()
                : Optional.of(JobSteps.finish(job, JobStatus.CANCELLED, now, "cancelled", "cancelled by the client")));
        Job job = outcome.job().orElseThrow(() -> ClientError.notFound("job"));
        if (!outcome.won()) {
            throw ClientError.conflict("job_finished", "job is already " + job.status().wire(), null);
        }
        return job;
    }
}

package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobTransitions.Effect;
import dev.videojobs.core.job.JobTransitions.Transition;
import java.util.Optional;

/** Sends an ended job's webhook event again, with the same webhook-id, restarting its retry schedule. */
public final class RedeliverNotification {

    private final ReadJobs reads;
    private final JobSteps steps;

    public RedeliverNotification(ReadJobs reads, JobSteps steps) {
        this.reads = reads;
        this.steps = steps;
    }

    public Job redeliver(String tenant, String jobId) {
        Job existing = reads.own(tenant, jobId);
        if (!existing.status().isTerminal()) {
            throw ClientError.conflict("job_not_finished", "job is " + existing.status().wire() + "; its webhook is sent when it ends", null);
        }
        if (existing.webhookUrl().isEmpty()) {
            throw ClientError.conflict("no_webhook", "job has no webhook_url", "webhook_url");
        }
        return steps.transitions().apply(jobId, (job, now) -> {
            job.openNotification().restart(now);
            return Optional.of(Transition.to(job.touch(now)).then(Effect.notifyClient()));
        }).job().orElseThrow();
    }
}

package dev.videojobs.core.usecase;

import dev.videojobs.core.job.JobTransitions.Transition;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.queue.JobMessage;
import java.util.Optional;

/**
 * A queue message about a job failed (a bug, a fault no step handles, a webhook given up on): noted on the job, so a
 * client sees why it is not moving. The message is retried, then kept in its dead-letter queue; a live job's next
 * check stays due, so the sweeper re-issues the work and ends the job {@code expired} at its deadline if it never
 * succeeds. The details are in the function's log, not on the job.
 */
public final class NoteFailedDelivery {

    private final JobSteps steps;

    public NoteFailedDelivery(JobSteps steps) {
        this.steps = steps;
    }

    public void note(JobMessage message, int receiveCount) {
        Step step = Step.valueOf(message.action().name());
        steps.transitions().apply(message.jobId(), (job, now) -> Optional.of(Transition.to(job.lastError(step,
                step.wire() + " failed on delivery " + receiveCount + " of its queue message (the reason is in our logs); it is retried")
                .touch(now))));
    }
}

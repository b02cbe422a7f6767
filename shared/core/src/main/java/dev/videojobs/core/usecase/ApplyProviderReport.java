package dev.videojobs.core.usecase;

import dev.videojobs.core.job.Counter;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobTransitions.Effect;
import dev.videojobs.core.job.JobTransitions.Transition;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.url.FetchTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies what the provider says of a task (from a check, or an authenticated or confirmed callback). A poll
 * ({@code sequence} present) also plans the next check; a callback only moves the state.
 */
public final class ApplyProviderReport {

    private static final Duration FETCH_GRACE = Duration.ofMinutes(20);

    private final JobSteps steps;
    private final MediaStore media;

    public ApplyProviderReport(JobSteps steps, MediaStore media) {
        this.steps = steps;
        this.media = media;
    }

    public void apply(String jobId, TaskState state, Optional<Integer> sequence) {
        List<String> outputs = state.phase() == TaskState.Phase.SUCCEEDED ? stageInlineOutputs(jobId, state.outputs()) : state.outputs();
        steps.transitions().apply(jobId, (job, now) -> {
            if (job.status() == JobStatus.QUEUED && job.providerTaskId().isEmpty() && state.finished()) {
                // a callback that beat our record of the task id: noted, so the forward checks at once (never trusted as is)
                return job.earlyCallbackTask().isPresent() ? Optional.empty()
                        : Optional.of(Transition.to(job.earlyCallbackTask(state.taskId()).touch(now)));
            }
            if (!JobSteps.awaitingProvider(job) || !job.providerTaskId().orElse("").equals(state.taskId())
                    || sequence.isPresent() && !CheckJob.current(job, sequence.get())) {
                return Optional.empty();
            }
            if (JobSteps.expired(job, now)) {
                return Optional.of(JobSteps.expire(job, now));
            }
            return switch (state.phase()) {
                case PENDING, RUNNING -> stillRunning(job, state, sequence, now);
                case SUCCEEDED -> Optional.of(finished(job, state, outputs, now));
                default -> Optional.of(JobSteps.finish(job, JobStatus.FAILED, now, "provider_failed", state.error()));
            };
        });
    }

    private Optional<Transition> stillRunning(Job job, TaskState state, Optional<Integer> sequence, Instant now) {
        boolean started = state.phase() == TaskState.Phase.RUNNING && job.status() == JobStatus.SUBMITTED;
        if (started) {
            job.moveTo(JobStatus.PROCESSING, now);
        }
        if (sequence.isEmpty()) {
            return started ? Optional.of(Transition.to(job)) : Optional.empty();
        }
        Duration next = steps.schedulesOf(job).nextCheck(job.countAttempt(Counter.CHECK).attempts(Counter.CHECK));
        return Optional.of(JobSteps.scheduleCheck(job, now, next));
    }

    /** The task is done: its outputs are recorded before the copy starts, and the copy is queued. */
    private Transition finished(Job job, TaskState state, List<String> outputs, Instant now) {
        if (job.status() == JobStatus.SUBMITTED) {
            job.moveTo(JobStatus.PROCESSING, now);
        }
        job.providerFinished(outputs, state.nsfw(), state.costUnits(), now).touch(now).nextCheckAt(now.plus(steps.schedulesOf(job).scale(FETCH_GRACE)));
        return Transition.to(job).then(Effect.send(JobMessage.of(Action.FETCH, job.id()), Duration.ZERO));
    }

    /**
     * Outputs that are the content itself (base64) rather than URLs can exceed DynamoDB's 400 KB item: they wait in
     * S3 under {@code staging/{job}/} and the job keeps their keys. Rewriting them on a replay is harmless.
     */
    private List<String> stageInlineOutputs(String jobId, List<String> outputs) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String output = outputs.get(i);
            if (FetchTarget.isHttpUrl(output)) {
                sources.add(output);
            } else {
                String key = MediaKeys.staging(jobId, i);
                media.put(key, output.getBytes(StandardCharsets.US_ASCII), "text/plain");
                sources.add(MediaKeys.STAGED + key);
            }
        }
        return sources;
    }
}

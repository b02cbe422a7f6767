package dev.videojobs.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider.Reconciliation;
import dev.videojobs.testing.UseCases;
import dev.videojobs.testing.WorkflowFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** At most one provider task per job: a submit whose outcome is unknown is reconciled before anything is sent again. */
class SubmitReconciliationTest {

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final UseCases useCases = fixture.useCases;

    @Test
    void shouldAdoptTheTaskAndNotSubmitAgain_whenTheAnswerToASubmitThatCreatedItWasLost() {
        // Arrange
        fixture.queuedJob("job_1");
        fixture.provider.loseAnswers = true;
        useCases.forward.forward("job_1");
        fixture.provider.loseAnswers = false;
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(fixture.provider.reconciles.get()).isEqualTo(1);
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(fixture.job("job_1").providerTaskId()).contains("task-1");
        assertThat(fixture.job("job_1").submitInDoubtSince()).isEmpty();
        assertThat(useCases.metrics.sum(Metric.SUBMITS_RECONCILED, Map.of(JobMetrics.OUTCOME, "found"))).isEqualTo(1);
        assertThat(useCases.metrics.sum(Metric.PROVIDER_REFUSALS, Map.of(JobMetrics.KIND, "outcome_unknown"))).isEqualTo(1);
    }

    @Test
    void shouldSubmitAgain_whenReconciliationFindsThatNothingWasCreated() {
        // Arrange: a 5xx that created nothing
        fixture.queuedJob("job_1");
        fixture.provider.failSubmit = new ProviderException(ProviderException.Kind.OUTCOME_UNKNOWN, "provider_unavailable", "HTTP 500", null);
        useCases.forward.forward("job_1");
        assertThat(fixture.job("job_1").submitInDoubtSince()).contains(WorkflowFixture.START);
        fixture.provider.failSubmit = null;
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(fixture.provider.reconciles.get()).isEqualTo(1);
        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(useCases.metrics.sum(Metric.SUBMITS_RECONCILED, Map.of(JobMetrics.OUTCOME, "not_created"))).isEqualTo(1);
        assertThat(useCases.metrics.sum(Metric.PROVIDER_CALLS, Map.of(JobMetrics.CALL, "submit"))).isEqualTo(2);
        assertThat(useCases.metrics.sum(Metric.PROVIDER_CALLS, Map.of(JobMetrics.CALL, "reconcile"))).isEqualTo(1);
    }

    @Test
    void shouldFailWithSubmitUnknownAndSendNothing_whenACandidateTaskBelongsToNoOtherJobOnceSettled() {
        // Arrange: WaveSpeed-like: the provider can only list tasks created since the submit
        fixture.queuedJob("job_1");
        fixture.provider.loseAnswers = true;
        useCases.forward.forward("job_1");
        fixture.provider.reconcileAs = new Reconciliation.Candidates(List.of("task-1"), "check your WaveSpeed predictions.");

        // Act: shortly after, another job's submit might still be recording its task, and until the model's run time (2 min)
        // and the callback grace (1 min) have passed, this job's own callback may still name its task; later neither can
        fixture.clock.advance(Duration.ofSeconds(5));
        useCases.forward.forward("job_1");
        JobStatus whileSettling = fixture.job("job_1").status();
        fixture.clock.advance(Duration.ofMinutes(3));
        useCases.forward.forward("job_1");
        JobStatus whileItsCallbackMayCome = fixture.job("job_1").status();
        fixture.clock.advance(Duration.ofMinutes(1));
        useCases.forward.forward("job_1");

        // Assert
        var job = fixture.job("job_1");
        assertThat(whileSettling).isEqualTo(JobStatus.QUEUED);
        assertThat(whileItsCallbackMayCome).isEqualTo(JobStatus.QUEUED);
        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error().orElseThrow().code()).isEqualTo("submit_unknown");
        assertThat(job.error().orElseThrow().message()).contains("check your WaveSpeed predictions").contains("task-1");
        assertThat(useCases.metrics.sum(Metric.SUBMITS_RECONCILED, Map.of(JobMetrics.OUTCOME, "unknown"))).isEqualTo(1);
    }

    @Test
    void shouldFollowItsOwnTask_whenItsCallbackArrivesAfterOtherJobsHadTimeToRecordTheirs() {
        // Arrange: a lost answer; the provider lists a task nobody accounts for
        fixture.queuedJob("job_1");
        fixture.provider.loseAnswers = true;
        useCases.forward.forward("job_1");
        fixture.provider.reconcileAs = new Reconciliation.Candidates(List.of("task-1"), "check your WaveSpeed predictions.");
        fixture.clock.advance(Duration.ofMinutes(1));
        useCases.forward.forward("job_1");

        // Act: the task finishes and its callback (with the job's token) names it, a minute after the submit
        useCases.reports.apply("job_1", new TaskState("task-1", TaskState.Phase.SUCCEEDED, List.of("https://cdn/o.mp4"), List.of(false),
                null, Optional.empty()), Optional.empty());
        useCases.forward.forward("job_1");

        // Assert: the job follows that task; nothing was submitted twice
        var job = fixture.job("job_1");
        assertThat(job.status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(job.providerTaskId()).contains("task-1");
        assertThat(fixture.provider.submits.get()).isEqualTo(1);
    }

    @Test
    void shouldSubmitAgain_whenTheOnlyCandidateIsTheTaskOfAJobDeletedSince() {
        // Arrange: job_2's task was created in the same time range, then job_2 ended and its client deleted it
        fixture.queuedJob("job_2");
        useCases.forward.forward("job_2");
        useCases.cancel.cancel("t1", "job_2");
        fixture.jobs.delete(fixture.job("job_2"));
        submitInDoubt("job_1");
        fixture.provider.reconcileAs = new Reconciliation.Candidates(List.of("task-1"), "check.");
        fixture.clock.advance(Duration.ofMinutes(10));

        // Act
        useCases.forward.forward("job_1");

        // Assert: the deleted job's task is still known as its own, so job_1 is not failed as submit_unknown
        assertThat(fixture.jobs.get("job_2")).isEmpty();
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(fixture.job("job_1").providerTaskId()).contains("task-2");
    }

    @Test
    void shouldSubmitAgain_whenEveryCandidateTaskBelongsToAnotherJob() {
        // Arrange: job_2's task was created in the same time range
        fixture.queuedJob("job_2");
        useCases.forward.forward("job_2");
        submitInDoubt("job_1");
        fixture.provider.reconcileAs = new Reconciliation.Candidates(List.of("task-1"), "check.");
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(fixture.job("job_1").providerTaskId()).contains("task-2");
    }

    @Test
    void shouldKeepTheDoubtAndReconcileAgain_whenTheReconciliationQueryFails() {
        // Arrange
        fixture.queuedJob("job_1");
        fixture.provider.loseAnswers = true;
        useCases.forward.forward("job_1");
        fixture.provider.loseAnswers = false;
        fixture.provider.failReconcile = ProviderException.retryable("provider_unavailable", "HTTP 503");
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");
        var afterFailedReconciliation = fixture.job("job_1");
        fixture.clock.advance(Duration.ofSeconds(10));
        useCases.forward.forward("job_1");

        // Assert
        assertThat(afterFailedReconciliation.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(afterFailedReconciliation.submitInDoubtSince()).contains(WorkflowFixture.START);
        assertThat(fixture.provider.reconciles.get()).isEqualTo(2);
        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(fixture.job("job_1").providerTaskId()).contains("task-1");
    }

    @Test
    void shouldReconcileBeforeSubmitting_whenAForwardLeaseRanOutMidSubmit() {
        // Arrange: a holder claimed the job, created the task, and died before recording it
        fixture.queuedJob("job_1");
        assertThat(useCases.steps.claim("job_1", Step.FORWARD, Duration.ofMinutes(2), job -> true)).isPresent();
        fixture.provider.tasksByJob.put("job_1", "task-lost");
        fixture.clock.advance(Duration.ofMinutes(3));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(fixture.provider.reconciles.get()).isEqualTo(1);
        assertThat(fixture.provider.submits.get()).isZero();
        assertThat(fixture.job("job_1").providerTaskId()).contains("task-lost");
    }

    @Test
    void shouldSubmitAgainWithoutReconciling_whenTheProviderRefusedTheSubmit() {
        // Arrange: a rate limit creates nothing
        fixture.queuedJob("job_1");
        fixture.provider.failSubmit = ProviderException.retryable("provider_rate_limited", "HTTP 429");
        useCases.forward.forward("job_1");
        fixture.provider.failSubmit = null;
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(fixture.provider.reconciles.get()).isZero();
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUBMITTED);
    }

    @Test
    void shouldAdoptTheCallbacksTask_whenAVerifiedCallbackNamedItBeforeTheSubmitWasSettled() {
        // Arrange
        fixture.queuedJob("job_1");
        fixture.provider.loseAnswers = true;
        useCases.forward.forward("job_1");
        fixture.provider.loseAnswers = false;
        fixture.jobs.replace(fixture.job("job_1").copy().earlyCallbackTask("task-1").bumpVersion(), fixture.job("job_1").version());
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(fixture.provider.reconciles.get()).isZero();
        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(fixture.job("job_1").providerTaskId()).contains("task-1");
    }

    /** A queued job whose submit answered a 502: whether WaveSpeed created its task is unknown. */
    private void submitInDoubt(String jobId) {
        fixture.queuedJob(jobId);
        fixture.provider.failSubmit = new ProviderException(ProviderException.Kind.OUTCOME_UNKNOWN, "provider_unavailable", "HTTP 502", null);
        useCases.forward.forward(jobId);
        fixture.provider.failSubmit = null;
    }
}

package dev.videojobs.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.metrics.Measurement;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.schedule.TimeBudget;
import dev.videojobs.testing.RecordedMetrics;
import dev.videojobs.testing.StdErr;
import dev.videojobs.testing.UseCases;
import dev.videojobs.testing.WorkflowFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the use cases measure: each job's end once, provider calls and refusals, reconciliations, the oldest live job. */
class JobMetricsTest {

    private static final TimeBudget NO_TIME_LIMIT = new TimeBudget(() -> Long.MAX_VALUE, Duration.ZERO);

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final UseCases useCases = fixture.useCases;
    private final RecordedMetrics metrics = useCases.metrics;

    @Test
    void shouldCountTheFailureOnceByModelProviderAndErrorCode_whenTheRefusalIsSeenTwice() {
        // Arrange
        fixture.queuedJob("job_1");
        fixture.provider.failSubmit = new ProviderException(ProviderException.Kind.ACCOUNT, "kling_1102", "resource pack used up", null);

        // Act
        StdErr.of(() -> {
            useCases.forward.forward("job_1");
            useCases.forward.forward("job_1");
        });

        // Assert
        Measurement failed = metrics.measurements.stream().filter(m -> m.values().containsKey(Metric.JOBS_FAILED)).findFirst().orElseThrow();
        assertThat(metrics.sum(Metric.JOBS_FAILED, Map.of())).isEqualTo(1);
        assertThat(failed.dimensions()).containsEntry(JobMetrics.ERROR_CODE, "kling_1102").containsEntry(JobMetrics.PROVIDER, "wavespeed")
                .containsEntry(JobMetrics.MODEL, fixture.job("job_1").model());
        assertThat(failed.dimensionSets()).contains(java.util.List.of(JobMetrics.ERROR_CODE), java.util.List.of(JobMetrics.MODEL, JobMetrics.PROVIDER));
        assertThat(metrics.sum(Metric.PROVIDER_CALLS, Map.of(JobMetrics.CALL, "submit"))).isEqualTo(1);
        assertThat(metrics.sum(Metric.PROVIDER_REFUSALS, Map.of(JobMetrics.KIND, "account"))).isEqualTo(1);
    }

    @Test
    void shouldCountTheReconciliationAsNotCreated_whenASubmitInDoubtCreatedNothing() {
        // Arrange: a 5xx that created nothing
        fixture.queuedJob("job_1");
        fixture.provider.failSubmit = new ProviderException(ProviderException.Kind.OUTCOME_UNKNOWN, "provider_unavailable", "HTTP 500", null);
        useCases.forward.forward("job_1");
        fixture.provider.failSubmit = null;
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(metrics.sum(Metric.PROVIDER_REFUSALS, Map.of(JobMetrics.KIND, "outcome_unknown"))).isEqualTo(1);
        assertThat(metrics.sum(Metric.SUBMITS_RECONCILED, Map.of(JobMetrics.OUTCOME, "not_created"))).isEqualTo(1);
        assertThat(metrics.sum(Metric.PROVIDER_CALLS, Map.of(JobMetrics.CALL, "submit"))).isEqualTo(2);
        assertThat(metrics.sum(Metric.PROVIDER_CALLS, Map.of(JobMetrics.CALL, "reconcile"))).isEqualTo(1);
    }

    @Test
    void shouldCountTheReconciliationAsFound_whenTheLostAnswersTaskExists() {
        // Arrange
        fixture.queuedJob("job_1");
        fixture.provider.loseAnswers = true;
        useCases.forward.forward("job_1");
        fixture.provider.loseAnswers = false;
        fixture.clock.advance(Duration.ofSeconds(5));

        // Act
        useCases.forward.forward("job_1");

        // Assert
        assertThat(metrics.sum(Metric.SUBMITS_RECONCILED, Map.of(JobMetrics.OUTCOME, "found"))).isEqualTo(1);
        assertThat(metrics.values(Metric.SUBMITS_RECONCILED, Map.of(JobMetrics.OUTCOME, "not_created"))).isEmpty();
    }

    @Test
    void shouldCountCancelledAndExpiredJobsOnce_whenTheyEndByTheClientAndByTheSweeper() {
        // Arrange
        fixture.queuedJob("job_1");
        fixture.queuedJob("job_2");
        useCases.cancel.cancel("t1", "job_1");
        fixture.clock.advance(Duration.ofMinutes(61));

        // Act
        useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);
        useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);

        // Assert
        assertThat(metrics.sum(Metric.JOBS_CANCELLED, Map.of())).isEqualTo(1);
        assertThat(metrics.sum(Metric.JOBS_EXPIRED, Map.of())).isEqualTo(1);
    }

    @Test
    void shouldMeasureTheOldestLiveJobsAge_whenTheSweeperRuns() {
        // Arrange: one job ended, one live for 20 minutes
        fixture.queuedJob("job_1");
        fixture.queuedJob("job_2");
        useCases.cancel.cancel("t1", "job_1");
        fixture.clock.advance(Duration.ofMinutes(20));

        // Act
        useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);

        // Assert
        assertThat(metrics.values(Metric.OLDEST_LIVE_JOB_AGE, Map.of())).containsExactly(1200.0);
    }

    @Test
    void shouldNameNoJobAndNoTenant_whenAnyMeasurementIsRecorded() {
        // Arrange
        Job job = fixture.queuedJob("job_1");
        fixture.provider.loseAnswers = true;
        useCases.forward.forward("job_1");

        // Act
        useCases.cancel.cancel("t1", "job_1");
        useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);

        // Assert
        assertThat(metrics.measurements).isNotEmpty().allSatisfy(measurement -> assertThat(measurement.dimensions().values())
                .doesNotContain(job.id(), job.tenant()));
    }
}

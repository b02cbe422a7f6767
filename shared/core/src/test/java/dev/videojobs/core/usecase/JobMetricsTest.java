package dev.videojobs.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.metrics.Measurement;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.schedule.TimeBudget;
import dev.videojobs.testing.RecordedMetrics;
import dev.videojobs.testing.StdErr;
import dev.videojobs.testing.UseCases;
import dev.videojobs.testing.WorkflowFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the use cases measure: each job's end once, provider calls and refusals, the oldest live job (reconciliations: SubmitReconciliationTest). */
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
    void shouldEndTheJobAndLogTheLoss_whenTheMetricsCannotBeWritten() {
        // Arrange: a sink that always fails
        WorkflowFixture broken = new WorkflowFixture();
        JobSteps steps = JobSteps.over(broken.jobs, broken.queue, broken.clock, new Schedules(1.0), new JobMetrics(measurement -> {
            throw new IllegalStateException("log sink closed");
        }));
        broken.queuedJob("job_1");

        // Act
        String log = StdErr.of(() -> steps.fail("job_1", "kling_1301", "refused", false));

        // Assert
        assertThat(broken.job("job_1").status()).isEqualTo(JobStatus.FAILED);
        assertThat(log).contains("\"event\":\"metrics_failed\"").contains("log sink closed");
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

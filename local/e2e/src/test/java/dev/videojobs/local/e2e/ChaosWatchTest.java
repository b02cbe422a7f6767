package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.adapter.aws.JobJson;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.local.cli.WebhookReceiver;
import dev.videojobs.local.sim.FaultPlan;
import dev.videojobs.local.sim.RecordedTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChaosWatchTest {

    private static final String STORED = "\"model\":\"kling-v1.6-i2v-pro\",\"provider\":\"wavespeed\",\"created_at\":\"2026-11-21T10:00:00Z\","
            + "\"deadline_at_ms\":1763722800000,";
    private static final String STUCK = "{\"id\":\"job-stuck\",\"tenant\":\"t\",\"status\":\"submitted\",\"version\":7," + STORED
            + "\"check_seq\":3,\"attempts\":{\"check_error\":2},\"last_errors\":{\"check\":\"HTTP 503\"},"
            + "\"provider_task_id\":\"task-1\",\"next_check_at\":1}";
    private static final String DONE = "{\"id\":\"job-done\",\"tenant\":\"t\",\"status\":\"succeeded\",\"version\":9," + STORED
            + "\"finished_at\":\"2026-11-21T10:05:00Z\"}";

    @Test
    void shouldReportEachUnfinishedJobWithItsHistoryAndTask_whenNothingMoves() throws Exception {
        // Arrange
        List<Job> jobs = List.of(JobJson.read(STUCK), JobJson.read(DONE));
        ChaosJob stuck = new ChaosJob(4, "shot 4", ChaosJob.Fate.SUCCEEDS, "succeeded");
        ChaosJob done = new ChaosJob(5, "shot 5", ChaosJob.Fate.SUCCEEDS, "succeeded");
        RecordedTask task = new RecordedTask("wavespeed", "task-1", "/api/v3/x", "m", null, null,
                "http://127.0.0.1/v1/callbacks/wavespeed?job=job-stuck", "processing", 0);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            ChaosWatch watch = new ChaosWatch(listing(jobs), "t", Map.of("job-stuck", stuck, "job-done", done), receiver,
                    () -> List.of(task), new FaultPlan(), Duration.ZERO, Duration.ofMinutes(1));

            // Act
            boolean over = watch.finishedOrStalled();
            String report = watch.report();

            // Assert
            assertThat(over).isTrue();
            assertThat(watch.finished()).isFalse();
            assertThat(report).contains("no job moved for 0 s", "2 of 2 jobs unfinished", "job job-stuck #4 'shot 4', must end succeeded",
                    "status submitted", "check_seq 3", "\"check_error\":2", "HTTP 503", "overdue by",
                    "simulator: task task-1 processing, callbacks sent 0", "no calls; no faults", "client endpoint answered: []");
            assertThat(report).contains("job job-done #5"); // finished, but its webhook was never acknowledged
        }
    }

    @Test
    void shouldKeepWaiting_whenJobsAreUnfinishedButMoved() throws Exception {
        // Arrange
        ChaosJob stuck = new ChaosJob(4, "shot 4", ChaosJob.Fate.SUCCEEDS, "succeeded");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            ChaosWatch watch = new ChaosWatch(listing(List.of(JobJson.read(STUCK))), "t", Map.of("job-stuck", stuck), receiver,
                    List::of, new FaultPlan(), Duration.ofMinutes(1), Duration.ofMinutes(5));

            // Act
            boolean over = watch.finishedOrStalled();

            // Assert
            assertThat(over).isFalse();
        }
    }

    /** A jobs table that only lists (what the watch reads). */
    private static JobStore listing(List<Job> jobs) {
        return new JobStore() {
            @Override
            public JobPage list(String tenant, Optional<JobStatus> status, int limit, Optional<String> cursor) {
                return new JobPage(jobs, Optional.empty());
            }

            @Override
            public boolean create(Job job) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<Job> get(String id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean replace(Job changed, long expectedVersion) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean delete(Job job) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<String> findByProviderTask(String provider, String taskId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> due(long nowMillis, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<java.time.Instant> oldestLiveCreatedAt() {
                throw new UnsupportedOperationException();
            }
        };
    }
}

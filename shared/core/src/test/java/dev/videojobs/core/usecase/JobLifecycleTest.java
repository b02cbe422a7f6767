package dev.videojobs.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Counter;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.schedule.TimeBudget;
import dev.videojobs.testing.StdErr;
import dev.videojobs.testing.UseCases;
import dev.videojobs.testing.WorkflowFixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every transition, applied twice or concurrently, has its effect once. */
class JobLifecycleTest {

    private static final TimeBudget NO_TIME_LIMIT = new TimeBudget(() -> Long.MAX_VALUE, Duration.ZERO);

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final UseCases useCases = fixture.useCases;

    @Test
    void shouldSubmitOnce_whenTheForwardMessageArrivesTwice() {
        fixture.queuedJob("job_1");

        useCases.forward.forward("job_1");
        useCases.forward.forward("job_1");

        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(fixture.job("job_1").providerTaskId()).contains("task-1");
        assertThat(fixture.sent(Action.CHECK)).hasSize(1);
    }

    @Test
    void shouldSubmitOnce_whenTwoForwardsRace() {
        fixture.queuedJob("job_1");

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> useCases.forward.forward("job_1"));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> useCases.forward.forward("job_1"));
        CompletableFuture.allOf(first, second).join();

        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(fixture.sent(Action.CHECK)).hasSize(1);
    }

    @Test
    void shouldStayQueuedAndRetryLater_whenTheProviderIsDown() {
        fixture.queuedJob("job_1");
        fixture.provider.failSubmit = ProviderException.retryable("provider_unavailable", "HTTP 503");

        useCases.forward.forward("job_1");

        var job = fixture.job("job_1");
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.attempts(Counter.FORWARD)).isEqualTo(1);
        assertThat(fixture.queue.sent).singleElement().satisfies(sent -> {
            assertThat(sent.message().action()).isEqualTo(Action.FORWARD);
            assertThat(sent.delay()).isLessThanOrEqualTo(Duration.ofSeconds(4));
        });

        fixture.provider.failSubmit = null;
        fixture.clock.advance(Duration.ofSeconds(5));
        useCases.forward.forward("job_1");

        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUBMITTED);
    }

    @Test
    void shouldFailAndFlagTheAccount_whenTheProviderRefusesTheCredentials() {
        fixture.queuedJob("job_1");
        fixture.provider.failSubmit = new ProviderException(ProviderException.Kind.ACCOUNT, "kling_1102", "resource pack used up", null);

        String log = StdErr.of(() -> {
            useCases.forward.forward("job_1");
            useCases.forward.forward("job_1");
        });

        var job = fixture.job("job_1");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error().orElseThrow().code()).isEqualTo("kling_1102");
        assertThat(job.error().orElseThrow().accountProblem()).isTrue();
        assertThat(fixture.sent(Action.NOTIFY)).hasSize(1);
        // the line the template's ProviderAccountProblems alarm counts
        assertThat(log).contains("\"event\":\"" + JobSteps.ACCOUNT_PROBLEM_EVENT + "\"").contains("\"job_id\":\"job_1\"");
    }

    @Test
    void shouldQueueOneFetch_whenTheCompletionIsReportedTwice() {
        submitted("job_1");
        TaskState completed = new TaskState("task-1", TaskState.Phase.SUCCEEDED, List.of("https://cdn/o.mp4"), List.of(false), "", Optional.empty());

        useCases.reports.apply("job_1", completed, Optional.empty());
        useCases.reports.apply("job_1", completed, Optional.empty());

        assertThat(fixture.sent(Action.FETCH)).hasSize(1);
        assertThat(fixture.job("job_1").providerOutputs()).containsExactly("https://cdn/o.mp4");
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.PROCESSING);
    }

    @Test
    void shouldCheckAtOnce_whenTheProviderCalledBackBeforeTheTaskIdWasStored() {
        fixture.queuedJob("job_1");
        TaskState early = new TaskState("task-1", TaskState.Phase.SUCCEEDED, List.of("https://cdn/o.mp4"), List.of(false), "", Optional.empty());

        useCases.reports.apply("job_1", early, Optional.empty());
        useCases.forward.forward("job_1");

        assertThat(fixture.job("job_1").hasProviderOutputs()).as("an early callback is noted, not trusted").isFalse();
        assertThat(fixture.queue.sent).filteredOn(sent -> sent.message().action() == Action.CHECK)
                .singleElement().satisfies(check -> assertThat(check.delay()).isZero());
    }

    @Test
    void shouldIgnoreTheReport_whenItIsAboutAnotherTask() {
        submitted("job_1");

        useCases.reports.apply("job_1", new TaskState("someone-elses-task", TaskState.Phase.SUCCEEDED, List.of("https://evil/o.mp4"),
                List.of(), "", Optional.empty()), Optional.empty());

        assertThat(fixture.job("job_1").hasProviderOutputs()).isFalse();
        assertThat(fixture.sent(Action.FETCH)).isEmpty();
    }

    @Test
    void shouldQueryOnce_whenTheSameCheckArrivesTwice() {
        submitted("job_1");
        int sequence = fixture.job("job_1").checkSequence();
        fixture.provider.state = new TaskState("task-1", TaskState.Phase.RUNNING, List.of(), List.of(), "", Optional.empty());

        useCases.check.check("job_1", sequence);
        useCases.check.check("job_1", sequence);

        assertThat(fixture.provider.queries.get()).isEqualTo(1);
        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(fixture.sent(Action.CHECK)).hasSize(2); // the first from the submission, one follow-up
    }

    @Test
    void shouldNotifyOnce_whenTheCopyCompletesTwice() {
        submitted("job_1");

        useCases.steps.succeed("job_1", List.of());
        useCases.steps.succeed("job_1", List.of());

        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(fixture.sent(Action.NOTIFY)).hasSize(1);
    }

    @Test
    void shouldCancelOnceAndRefuseTheSecond_whenCancelledTwice() {
        fixture.queuedJob("job_1");

        useCases.cancel.cancel("t1", "job_1");

        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.CANCELLED);
        assertThatThrownBy(() -> useCases.cancel.cancel("t1", "job_1")).isInstanceOfSatisfying(ClientError.class,
                e -> assertThat(e.kind()).isEqualTo(ClientError.Kind.CONFLICT));
        assertThatThrownBy(() -> useCases.cancel.cancel("another-tenant", "job_1")).isInstanceOfSatisfying(ClientError.class,
                e -> assertThat(e.kind()).isEqualTo(ClientError.Kind.NOT_FOUND));
        useCases.forward.forward("job_1");
        assertThat(fixture.provider.submits.get()).isZero();
        assertThat(fixture.sent(Action.NOTIFY)).hasSize(1);
    }

    @Test
    void shouldResendTheLostWork_whenTheSweeperFindsAnOverdueJob() {
        fixture.queuedJob("job_q");
        submitted("job_s");
        fixture.clock.advance(Duration.ofMinutes(10));
        fixture.queue.sent.clear();

        int handled = useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);
        int again = useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);

        assertThat(handled).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(fixture.sent(Action.FORWARD)).extracting(m -> m.jobId()).containsExactly("job_q");
        assertThat(fixture.sent(Action.CHECK)).singleElement().satisfies(check ->
                assertThat(check.eventId()).isEqualTo(fixture.job("job_s").checkSequence() + ""));
    }

    @Test
    void shouldExpireAndNotify_whenTheSweeperFindsAJobPastItsDeadline() {
        fixture.queuedJob("job_1");
        fixture.clock.advance(Duration.ofMinutes(61));

        useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);

        assertThat(fixture.job("job_1").status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(fixture.job("job_1").error().orElseThrow().code()).isEqualTo("deadline_exceeded");
        assertThat(fixture.sent(Action.NOTIFY)).hasSize(1);
    }

    @Test
    void shouldShowTheFailureOnTheJobThenExpireIt_whenItsMessageKeepsFailing() {
        fixture.queuedJob("job_1");

        useCases.noteFailure.note(JobMessage.of(Action.FORWARD, "job_1"), 5);
        var noted = fixture.job("job_1");
        fixture.clock.advance(Duration.ofMinutes(61));
        useCases.sweep.sweep(fixture.clock.instant(), NO_TIME_LIMIT);

        assertThat(noted.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(noted.lastErrors().get(Step.FORWARD))
                .contains("forward failed on delivery 5");
        var expired = fixture.job("job_1");
        assertThat(expired.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(expired.error().orElseThrow().code()).isEqualTo("deadline_exceeded");
        assertThat(fixture.sent(Action.NOTIFY)).hasSize(1);
    }

    private void submitted(String id) {
        fixture.queuedJob(id);
        useCases.forward.forward(id);
    }

}

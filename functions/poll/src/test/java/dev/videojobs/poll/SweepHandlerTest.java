package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.core.usecase.SweepJobs;
import dev.videojobs.testing.WorkflowFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sweep works within the invocation's remaining time. Time here is a fake Lambda clock: each job written costs
 * one simulated second, so a backlog can outgrow one invocation without any real waiting.
 */
class SweepHandlerTest {

    private static final long INVOCATION_MILLIS = 12_000;
    private static final long MILLIS_PER_JOB = 1_000;

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final CountdownContext context = new CountdownContext();
    private final CostlyStore store = new CostlyStore(fixture.jobs, context);
    private final SweepHandler handler = new SweepHandler(new SweepJobs(store, JobSteps.over(store, fixture.queue, fixture.clock, new Schedules(1.0), JobMetrics.NONE)),
            fixture.clock);

    @Test
    void shouldSweepTheWholeBacklogOldestFirstOverSeveralInvocations_whenItExceedsOneInvocationsBudget() {
        List<String> backlog = overdueJobs(23);
        List<Integer> sweptPerInvocation = new ArrayList<>();

        for (int invocation = 0; invocation < 10 && fixture.sent(Action.FORWARD).size() < backlog.size(); invocation++) {
            int before = fixture.sent(Action.FORWARD).size();
            context.startInvocation();
            handler.handleRequest(new ScheduledEvent(), context);
            sweptPerInvocation.add(fixture.sent(Action.FORWARD).size() - before);
            assertThat(context.lowestRemaining).as("invocation %d ran past its timeout", invocation).isGreaterThanOrEqualTo(0);
        }

        long perInvocation = (INVOCATION_MILLIS - SweepHandler.MARGIN.toMillis()) / MILLIS_PER_JOB;
        assertThat(sweptPerInvocation).hasSizeGreaterThan(1).allSatisfy(swept -> assertThat(swept).isLessThanOrEqualTo((int) perInvocation));
        assertThat(fixture.sent(Action.FORWARD)).extracting(JobMessage::jobId).containsExactlyElementsOf(backlog);
    }

    @Test
    void shouldSweepTheOthers_whenOneOverdueJobCannotBeWritten() {
        List<String> backlog = overdueJobs(4);
        store.failing = Set.of(backlog.get(0));

        context.startInvocation();
        handler.handleRequest(new ScheduledEvent(), context);

        assertThat(fixture.sent(Action.FORWARD)).extracting(JobMessage::jobId).containsExactlyElementsOf(backlog.subList(1, 4));
        assertThat(fixture.job(backlog.get(0)).status()).isEqualTo(JobStatus.QUEUED);
    }

    /** Queued jobs whose forward message was lost, each created overdue later than the one before: oldest first. */
    private List<String> overdueJobs(int count) {
        List<String> oldestFirst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "job_%03d".formatted(i);
            Job job = fixture.queuedJob(id);
            fixture.jobs.replace(job.copy().nextCheckAt(WorkflowFixture.START.plusSeconds(count - i)).bumpVersion(), job.version());
            oldestFirst.add(0, id);
        }
        fixture.clock.advance(Duration.ofMinutes(10));
        return oldestFirst;
    }

    /** The job store, where each write spends the invocation's time (and chosen jobs cannot be written). */
    static final class CostlyStore implements JobStore {
        private final JobStore delegate;
        private final CountdownContext context;
        volatile Set<String> failing = Set.of();

        CostlyStore(JobStore delegate, CountdownContext context) {
            this.delegate = delegate;
            this.context = context;
        }

        @Override
        public boolean replace(Job changed, long expectedVersion) {
            context.spend(MILLIS_PER_JOB);
            if (failing.contains(changed.id())) {
                throw new IllegalStateException("item too large");
            }
            return delegate.replace(changed, expectedVersion);
        }

        @Override
        public boolean create(Job job) {
            return delegate.create(job);
        }

        @Override
        public Optional<Job> get(String id) {
            return delegate.get(id);
        }

        @Override
        public boolean delete(Job job) {
            return delegate.delete(job);
        }

        @Override
        public Optional<String> findByProviderTask(String provider, String taskId) {
            return delegate.findByProviderTask(provider, taskId);
        }

        @Override
        public JobPage list(String tenant, Optional<JobStatus> status, int limit, Optional<String> cursor) {
            return delegate.list(tenant, status, limit, cursor);
        }

        @Override
        public List<String> due(long nowMillis, int limit) {
            return delegate.due(nowMillis, limit);
        }

        @Override
        public Optional<Instant> oldestLiveCreatedAt() {
            return delegate.oldestLiveCreatedAt();
        }
    }

    /** A Lambda context whose remaining time only moves when work spends it. */
    static final class CountdownContext implements Context {
        long remaining;
        long lowestRemaining;

        void startInvocation() {
            remaining = INVOCATION_MILLIS;
            lowestRemaining = INVOCATION_MILLIS;
        }

        void spend(long millis) {
            remaining -= millis;
            lowestRemaining = Math.min(lowestRemaining, remaining);
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, remaining);
        }

        @Override
        public String getAwsRequestId() {
            return "test";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "SweepFunction";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}

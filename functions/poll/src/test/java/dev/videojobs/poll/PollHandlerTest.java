package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.testing.UnreachableAws;
import dev.videojobs.testing.WorkflowFixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The poll handler on the sample events: on in-memory adapters it forwards and checks the event's job; with the job
 * store unreachable, work that cannot be done is reported, not lost.
 */
class PollHandlerTest {

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final PollHandler handler = new PollHandler(fixture.useCases.forward, fixture.useCases.check,
            new SqsBatch(fixture.queue, WorkQueue.Name.POLL, fixture.clock, fixture.useCases.noteFailure::note));

    @ParameterizedTest
    @Event(value = "events/sqs-poll-forward.json", type = SQSEvent.class)
    void shouldSubmitTheJobOnce_whenItsForwardMessageArrives(SQSEvent event) {
        // Arrange
        String jobId = jobOf(event);
        fixture.queuedJob(jobId);

        // Act
        SQSBatchResponse response = handler.handleRequest(event, null);

        // Assert
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fixture.job(jobId).status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(fixture.provider.submits.get()).isEqualTo(1);
        assertThat(fixture.sent(JobMessage.Action.CHECK)).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-poll-check.json", type = SQSEvent.class)
    void shouldMoveTheJobToProcessing_whenItsCheckFindsTheTaskRunning(SQSEvent event) {
        // Arrange: the job was submitted, so its first check (sequence 1, as in the event) is due
        String jobId = jobOf(event);
        fixture.queuedJob(jobId);
        fixture.useCases.forward.forward(jobId);
        fixture.provider.state = new TaskState(fixture.job(jobId).providerTaskId().orElseThrow(), TaskState.Phase.RUNNING, List.of(),
                List.of(), null, Optional.empty());

        // Act
        SQSBatchResponse response = handler.handleRequest(event, null);

        // Assert
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fixture.provider.queries.get()).isEqualTo(1);
        assertThat(fixture.job(jobId).status()).isEqualTo(JobStatus.PROCESSING);
    }

    private static String jobOf(SQSEvent event) {
        return JobMessage.parse(event.getRecords().get(0).getBody()).jobId();
    }


    @ParameterizedTest
    @Event(value = "events/sqs-poll-forward.json", type = SQSEvent.class)
    void shouldReportThePartialBatchFailure_whenTheJobStoreIsUnreachable(SQSEvent event) {
        SQSBatchResponse response = new PollHandler(UnreachableAws.ENVIRONMENT).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-poll-check.json", type = SQSEvent.class)
    void shouldDropTheMessageWithoutRetry_whenItsBodyIsNotAJobMessage(SQSEvent event) {
        event.getRecords().get(0).setBody("{\"hello\":\"world\"}");

        SQSBatchResponse response = new PollHandler(UnreachableAws.ENVIRONMENT).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}

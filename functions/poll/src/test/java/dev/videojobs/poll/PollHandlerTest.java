package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.videojobs.testing.UnreachableAws;
import org.junit.jupiter.params.ParameterizedTest;

/** The poll handler on the sample events, with the job store unreachable: work that cannot be done is reported, not lost. */
class PollHandlerTest {


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

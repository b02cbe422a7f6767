package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

/** The poll handler on the sample events, with the job store unreachable: work that cannot be done is reported, not lost. */
class PollHandlerTest {

    // nothing listens on port 1: every AWS call fails fast
    static final Map<String, String> UNREACHABLE_AWS = Map.of("JOBS_TABLE", "jobs", "MEDIA_BUCKET", "media",
            "POLL_QUEUE_URL", "http://127.0.0.1:1/q/poll", "FETCH_QUEUE_URL", "http://127.0.0.1:1/q/fetch",
            "NOTIFY_QUEUE_URL", "http://127.0.0.1:1/q/notify", "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
            "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1", "WAVESPEED_API_KEY", "k");

    @ParameterizedTest
    @Event(value = "events/sqs-poll-forward.json", type = SQSEvent.class)
    void shouldReportThePartialBatchFailure_whenTheJobStoreIsUnreachable(SQSEvent event) {
        SQSBatchResponse response = new PollHandler(UNREACHABLE_AWS).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(0).getMessageId());
    }

    @ParameterizedTest
    @Event(value = "events/sqs-poll-check.json", type = SQSEvent.class)
    void shouldDropTheMessageWithoutRetry_whenItsBodyIsNotAJobMessage(SQSEvent event) {
        event.getRecords().get(0).setBody("{\"hello\":\"world\"}");

        SQSBatchResponse response = new PollHandler(UNREACHABLE_AWS).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}

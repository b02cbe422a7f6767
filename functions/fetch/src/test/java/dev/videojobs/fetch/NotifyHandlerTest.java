package dev.videojobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

class NotifyHandlerTest {

    private static final Map<String, String> UNREACHABLE_AWS = Map.of("JOBS_TABLE", "jobs", "MEDIA_BUCKET", "media",
            "POLL_QUEUE_URL", "http://127.0.0.1:1/q/poll", "FETCH_QUEUE_URL", "http://127.0.0.1:1/q/fetch",
            "NOTIFY_QUEUE_URL", "http://127.0.0.1:1/q/notify", "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
            "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1");

    @ParameterizedTest
    @Event(value = "events/sqs-notify.json", type = SQSEvent.class)
    void shouldKeepTheMessageForRetry_whenTheJobCannotBeRead(SQSEvent event) {
        SQSBatchResponse response = new NotifyHandler(UNREACHABLE_AWS).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-fetch.json", type = SQSEvent.class)
    void shouldKeepTheMessageForRetry_whenTheJobCannotBeClaimed(SQSEvent event) {
        SQSBatchResponse response = new FetchHandler(UNREACHABLE_AWS).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }
}

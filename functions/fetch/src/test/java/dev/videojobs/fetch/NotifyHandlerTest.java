package dev.videojobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.videojobs.testing.UnreachableAws;
import org.junit.jupiter.params.ParameterizedTest;

class NotifyHandlerTest {


    @ParameterizedTest
    @Event(value = "events/sqs-notify.json", type = SQSEvent.class)
    void shouldKeepTheMessageForRetry_whenTheJobCannotBeRead(SQSEvent event) {
        SQSBatchResponse response = new NotifyHandler(UnreachableAws.ENVIRONMENT).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-fetch.json", type = SQSEvent.class)
    void shouldKeepTheMessageForRetry_whenTheJobCannotBeClaimed(SQSEvent event) {
        SQSBatchResponse response = new FetchHandler(UnreachableAws.ENVIRONMENT).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }
}

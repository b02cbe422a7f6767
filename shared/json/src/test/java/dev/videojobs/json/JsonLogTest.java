package dev.videojobs.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLogTest {

    @AfterEach
    void forgetTheRequest() {
        JsonLog.forRequest(null);
    }

    @Test
    void shouldTagTheLineWithTheRequestAndItsFields_whenAHandlerHasBegunARequest() throws Exception {
        // Arrange
        JsonLog.forRequest("8476a536-e9f4-11e8-9739-2dfe598c3fcd");

        // Act
        JsonNode line = Json.parse(stderrOf(() -> JsonLog.info("swept", "re-issued overdue jobs", "job_id", "job_1", "skipped", null)));

        // Assert
        assertThat(line.path("requestId").asText()).isEqualTo("8476a536-e9f4-11e8-9739-2dfe598c3fcd");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("event").asText()).isEqualTo("swept");
        assertThat(line.path("job_id").asText()).isEqualTo("job_1");
        assertThat(line.has("skipped")).isFalse();
    }

    @Test
    void shouldLeaveTheRequestOut_whenNoRequestIsInProgress() throws Exception {
        JsonNode line = Json.parse(stderrOf(() -> JsonLog.warn("request_file_ignored", "not a request file")));

        assertThat(line.has("requestId")).isFalse();
    }

    private static String stderrOf(Runnable action) {
        StringBuffer captured = new StringBuffer();
        Consumer<String> previous = JsonLog.writeTo(captured::append);
        try {
            action.run();
        } finally {
            JsonLog.writeTo(previous);
        }
        return captured.toString().strip();
    }
}

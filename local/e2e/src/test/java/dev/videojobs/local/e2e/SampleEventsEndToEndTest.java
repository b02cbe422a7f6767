package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sam local invoke -e events/<file>} needs Docker and the SAM CLI; this does the same on the embedded stack: every
 * sample event goes to the function it belongs to (the table the README repeats), read as Lambda's runtime reads it,
 * and the function answers without an error: client errors are 4xx, never a 5xx or a thrown handler.
 */
@ExtendWith(LocalStackExtension.class)
class SampleEventsEndToEndTest {

    /** Which function each file in events/ is a sample of, and how its runtime reads it. */
    static final Map<String, Sample> SAMPLES = Map.ofEntries(
            Map.entry("api-submit-job.json", Sample.api("SubmitFunction")),
            Map.entry("api-submit-job-invalid.json", Sample.api("SubmitFunction")),
            Map.entry("api-get-job.json", Sample.api("SubmitFunction")),
            Map.entry("api-list-jobs.json", Sample.api("SubmitFunction")),
            Map.entry("s3-request-file.json", new Sample("RequestFileFunction", EventLoader::loadS3Event)),
            Map.entry("sqs-poll-forward.json", Sample.sqs("PollFunction")),
            Map.entry("sqs-poll-check.json", Sample.sqs("PollFunction")),
            Map.entry("callback-wavespeed.json", Sample.api("CallbackFunction")),
            Map.entry("schedule-sweep.json", new Sample("SweepFunction", EventLoader::loadScheduledEvent)),
            Map.entry("sqs-fetch.json", Sample.sqs("FetchFunction")),
            Map.entry("sqs-notify.json", Sample.sqs("NotifyFunction")));

    record Sample(String function, Function<String, Object> read) {
        static Sample api(String function) {
            // the API handlers read the proxy event as bytes (RequestStreamHandler)
            return new Sample(function, file -> {
                try {
                    return Files.readAllBytes(Path.of(file));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        static Sample sqs(String function) {
            return new Sample(function, EventLoader::loadSQSEvent);
        }
    }

    @Test
    void shouldKnowTheFunctionOfEverySampleEvent_whenTheEventsFolderIsListed() throws IOException {
        try (Stream<Path> files = Files.list(eventsFolder())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(SAMPLES.keySet());
        }
    }

    @ParameterizedTest
    @MethodSource("sampleFiles")
    void shouldHandleTheSampleWithoutAServerError_whenItIsInvokedOnItsFunction(String file, LocalStack stack) {
        // Arrange
        Sample sample = SAMPLES.get(file);
        Object event = sample.read().apply(eventsFolder().resolve(file).toString());

        // Act
        Object answer = stack.runtime().invoke(sample.function(), event);

        // Assert
        if (answer instanceof byte[] proxyResponse) {
            JsonNode response = parse(proxyResponse);
            assertThat(response.path("statusCode").asInt()).as("%s: %s", file, response).isBetween(200, 499);
            JsonNode body = parse(response.path("body").asText().getBytes());
            assertThat(body.isObject()).isTrue();
            if (response.path("statusCode").asInt() >= 400) {
                assertThat(body.path("error").path("code").asText()).isNotBlank();
            }
        } else if (answer instanceof SQSBatchResponse batch) {
            assertThat(batch.getBatchItemFailures()).as(file).isEmpty();
        } else {
            assertThat(answer).as(file).isNull(); // S3 and schedule handlers return nothing
        }
    }

    static Stream<String> sampleFiles() {
        return SAMPLES.keySet().stream().sorted();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.parse(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json), e);
        }
    }

    /** events/ beside template.yaml, found upwards from this module. */
    static Path eventsFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }
}

package dev.videojobs.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState.Phase;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider.InputImage;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.json.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WaveSpeed client against WaveSpeed's own published bodies (provider-contract/SOURCES.md), served as published. */
class WaveSpeedContractTest {

    private RecordingServer server;
    private WaveSpeedProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        provider = new WaveSpeedProvider(server.uri(), "ws-key", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)), Clock.systemUTC(),
                InputDelivery.PRESIGNED_URL);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldReturnThePredictionId_whenWaveSpeedAnswersTheDocumentedSubmitResponse() throws Exception {
        // Arrange
        server.reply = ProviderContract.text("wavespeed/submit-response.docs.json");

        // Act
        String id = provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V1_AI_MULTI_SHOT,
                Json.toPlain(Json.object()), Map.of("image", InputImage.at(URI.create("https://s3/in.png"))), Optional.empty()));

        // Assert
        assertThat(id).isEqualTo("pred_abc123");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "wavespeed/result-completed.docs.json       | pred_abc123 | SUCCEEDED | https://...generated-image.png | ''",
        "wavespeed/result-completed.sdk-java.json   | req-123     | SUCCEEDED | https://example.com/out.png    | ''",
        "wavespeed/result-sync-timeout.sdk-java.json| req-timeout | RUNNING   | ''                             | ''",
        "wavespeed/result-pending.sdk-python.json   | asked-for   | PENDING   | ''                             | ''",
        "wavespeed/result-failed.sdk-python.json    | asked-for   | FAILED    | ''                             | Model error",
        "wavespeed/result-timeout.sdk-python.json   | asked-for   | FAILED    | ''                             | Task timeout by server",
        "wavespeed/result-cancelled.sdk-java.json   | req-cancel  | FAILED    | ''                             | Task was cancelled by user",
    })
    void shouldReadThePhaseOutputsAndReason_whenWaveSpeedAnswersAPublishedResult(String fixture, String taskId, Phase phase,
            String output, String error) throws Exception {
        // Arrange
        server.reply = ProviderContract.text(fixture);

        // Act
        TaskState state = provider.query(ProductModel.KLING_V16_I2V_PRO, "asked-for");

        // Assert
        assertThat(server.received.get(0).path()).isEqualTo("/api/v3/predictions/asked-for/result");
        assertThat(state.taskId()).isEqualTo(taskId);
        assertThat(state.phase()).isEqualTo(phase);
        assertThat(state.outputs()).isEqualTo(output.isEmpty() ? List.of() : List.of(output));
        assertThat(state.error()).isEqualTo(error);
    }

    @Test
    void shouldFailWithProviderBadResult_whenACompletedResultHasNoOutputs() {
        // Arrange
        server.reply = ProviderContract.text("wavespeed/result-completed-no-outputs.sdk-java.json");

        // Act / Assert
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V16_I2V_PRO, "req-123"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.JOB_REJECTED);
                    assertThat(e.code()).isEqualTo("provider_bad_result");
                });
    }

    @Test
    void shouldKeepWaveSpeedsReason_whenA400HasTheBareErrorBody() {
        // Arrange
        server.status = 400;
        server.reply = ProviderContract.text("wavespeed/error-base64-webhook.docs.json");

        // Act / Assert
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V1_AI_MULTI_SHOT, "x"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.JOB_REJECTED);
                    assertThat(e.code()).isEqualTo("provider_rejected");
                    assertThat(e.getMessage()).contains("webhook callback does not support base64 output");
                });
    }

    @Test
    void shouldReadThePredictionObject_whenAWebhookCarriesAPublishedPrediction() throws Exception {
        // Arrange: a webhook body is the prediction object itself (the envelope's data)
        var prediction = ProviderContract.json("wavespeed/result-completed.sdk-java.json").get("data");

        // Act
        TaskState state = WaveSpeedProvider.prediction(prediction);

        // Assert
        assertThat(state.taskId()).isEqualTo("req-123");
        assertThat(state.outputs()).containsExactly("https://example.com/out.png");
    }
}

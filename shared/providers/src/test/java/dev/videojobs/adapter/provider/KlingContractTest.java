package dev.videojobs.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kling client against Kling's official examples (provider-contract/SOURCES.md). Their values are placeholders
 * ("string"); each test fills in only the ones it needs (status, URLs, ids) and keeps every field and shape as published.
 */
class KlingContractTest {

    private RecordingServer server;
    private KlingProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        provider = new KlingProvider(server.uri(), "ak", "sk", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Clock.systemUTC(), InputDelivery.PRESIGNED_URL);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldListAllThreeImagesOfTheEntry_whenAnAiMultiShotTaskSucceeded() throws Exception {
        // Arrange
        server.reply = Json.write(ProviderContract.filled(ProviderContract.json("kling/ai-multi-shot-query-response.official.json"),
                Map.of("task_id", "t1", "task_status", "succeed", "final_unit_deduction", "1",
                        "url_1", "https://cdn.example/1.png", "url_2", "https://cdn.example/2.png", "url_3", "https://cdn.example/3.png")));

        // Act
        TaskState state = provider.query(ProductModel.KLING_V1_AI_MULTI_SHOT, "t1");

        // Assert
        assertThat(server.received.get(0).path()).isEqualTo("/v1/general/ai-multi-shot/t1");
        assertThat(state.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(state.outputs()).containsExactly("https://cdn.example/1.png", "https://cdn.example/2.png", "https://cdn.example/3.png");
        assertThat(state.costUnits()).contains("1");
    }

    @Test
    void shouldFailWithProviderBadResult_whenASucceededMultiShotEntryHasNoUrl() {
        // Arrange: the placeholders left as published are not URLs
        server.reply = Json.write(ProviderContract.filled(ProviderContract.json("kling/ai-multi-shot-query-response.official.json"),
                Map.of("task_id", "t1", "task_status", "succeed")));

        // Act / Assert
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V1_AI_MULTI_SHOT, "t1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.JOB_REJECTED);
                    assertThat(e.code()).isEqualTo("provider_bad_result");
                });
    }

    @Test
    void shouldReadTheVideoUrl_whenAnImage2videoOrMultiImage2videoTaskSucceeded() throws Exception {
        for (String fixture : new String[] {"kling/image2video-query-response.official.json", "kling/multi-image2video-query-response.official.json"}) {
            // Arrange
            server.reply = Json.write(ProviderContract.filled(ProviderContract.json(fixture),
                    Map.of("task_id", "t1", "task_status", "succeed", "url", "https://cdn.example/v.mp4", "final_unit_deduction", "2")));

            // Act
            TaskState state = provider.query(ProductModel.KLING_V16_I2V_PRO, "t1");

            // Assert
            assertThat(state.phase()).as(fixture).isEqualTo(Phase.SUCCEEDED);
            assertThat(state.outputs()).as(fixture).containsExactly("https://cdn.example/v.mp4");
            assertThat(state.costUnits()).as(fixture).contains("2");
        }
    }

    @Test
    void shouldReturnTheTaskId_whenKlingAnswersTheDocumentedSubmitResponses() throws Exception {
        for (String fixture : new String[] {"kling/multi-image2video-submit-response.official.json", "kling/ai-multi-shot-submit-response.official.json"}) {
            // Arrange
            server.reply = Json.write(ProviderContract.filled(ProviderContract.json(fixture), Map.of("task_id", "t9", "task_status", "submitted")));

            // Act
            String taskId = provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V1_AI_MULTI_SHOT, Json.toPlain(Json.object()),
                    Map.of("image", InputImage.at(URI.create("https://s3/a.png"))), Optional.empty()));

            // Assert
            assertThat(taskId).as(fixture).isEqualTo("t9");
        }
    }

    @Test
    void shouldSendTheFieldsOfTheOfficialExample_whenSubmittingAiMultiShot() throws Exception {
        // Arrange
        JsonNode official = ProviderContract.json("kling/ai-multi-shot-request.official.json");
        server.reply = Json.write(ProviderContract.filled(ProviderContract.json("kling/ai-multi-shot-submit-response.official.json"),
                Map.of("task_id", "t9")));

        // Act
        provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V1_AI_MULTI_SHOT, Json.toPlain(Json.object()),
                Map.of("image", InputImage.at(URI.create("https://s3/a.png"))), Optional.of(URI.create("https://api.example/cb"))));

        // Assert
        JsonNode sent = Json.parse(server.received.get(0).body());
        assertThat(ProviderContract.shape(sent)).isEqualTo(ProviderContract.shape(official));
    }
}

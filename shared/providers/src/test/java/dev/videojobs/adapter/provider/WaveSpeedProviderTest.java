package dev.videojobs.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider.InputImage;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.json.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WaveSpeedProviderTest {

    private static final String ACCEPTED = "{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"pred_1\",\"status\":\"created\",\"outputs\":[]}}";
    private RecordingServer server;
    private WaveSpeedProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        server.reply = ACCEPTED;
        provider = new WaveSpeedProvider(server.uri(), "ws-key", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)), Clock.systemUTC(),
                InputDelivery.PRESIGNED_URL);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldPostTheSeedFieldsWithAnIntegerDuration_whenModelIsI2vPro() throws Exception {
        ObjectNode params = Json.object().put("prompt", "p").put("guidance_scale", 0.4).put("duration", 10);
        Map<String, InputImage> images = new LinkedHashMap<>();
        images.put("image", InputImage.at(URI.create("https://s3/in.png")));
        images.put("end_image", InputImage.at(URI.create("https://s3/end.png")));

        String id = provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_I2V_PRO, Json.toPlain(params), images,
                Optional.of(URI.create("https://api.example/v1/callbacks/wavespeed?job=job_1"))));

        RecordingServer.Received request = server.received.get(0);
        JsonNode body = Json.parse(request.body());
        assertThat(id).isEqualTo("pred_1");
        assertThat(request.path()).isEqualTo("/api/v3/kwaivgi/kling-v1.6-i2v-pro");
        assertThat(request.query()).isEqualTo("webhook=https%3A%2F%2Fapi.example%2Fv1%2Fcallbacks%2Fwavespeed%3Fjob%3Djob_1");
        assertThat(request.authorization()).isEqualTo("Bearer ws-key");
        assertThat(body.get("duration").isInt()).isTrue();
        assertThat(body.get("image").asText()).isEqualTo("https://s3/in.png");
        assertThat(body.get("end_image").asText()).isEqualTo("https://s3/end.png");
        assertThat(body.get("guidance_scale").asDouble()).isEqualTo(0.4);
    }

    @Test
    void shouldUploadTheImageAndSubmitItsDownloadUrl_whenInputsAreDeliveredByUpload() throws Exception {
        // Arrange: the docs' media upload answer (wavespeed.ai/docs/docs-common-api/media-upload)
        server.repliesByPath.put("/api/v3/media/upload/binary", "{\"code\":200,\"message\":\"success\",\"data\":{\"type\":\"image\","
                + "\"download_url\":\"https://d1q70pf5vjeyhc.cloudfront.net/media/in.png\",\"filename\":\"input.png\",\"size\":8}}");
        WaveSpeedProvider uploading = new WaveSpeedProvider(server.uri(), "ws-key", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Clock.systemUTC(), InputDelivery.PROVIDER_UPLOAD);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'x', 'y', 'z', 0};

        // Act
        String id = uploading.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_I2V_PRO, Json.toPlain(Json.object().put("prompt", "p")),
                Map.of("image", InputImage.of(png)), Optional.empty()));

        // Assert
        assertThat(id).isEqualTo("pred_1");
        assertThat(server.received).extracting(RecordingServer.Received::path)
                .containsExactly("/api/v3/media/upload/binary", "/api/v3/kwaivgi/kling-v1.6-i2v-pro");
        RecordingServer.Received upload = server.received.get(0);
        assertThat(upload.authorization()).isEqualTo("Bearer ws-key");
        assertThat(upload.body()).contains("Content-Disposition: form-data; name=\"file\"; filename=\"input.png\"")
                .contains("Content-Type: image/png").contains("PNG");
        assertThat(Json.parse(server.received.get(1).body()).get("image").asText())
                .isEqualTo("https://d1q70pf5vjeyhc.cloudfront.net/media/in.png");
    }

    @Test
    void shouldRetryWithoutSubmitting_whenTheUploadFails() throws Exception {
        // Arrange
        server.status = 503;
        WaveSpeedProvider uploading = new WaveSpeedProvider(server.uri(), "ws-key", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Clock.systemUTC(), InputDelivery.PROVIDER_UPLOAD);

        // Act / Assert: a failed upload created no task, so it is a plain retry, not a submit in doubt
        assertThatThrownBy(() -> uploading.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_I2V_PRO,
                Json.toPlain(Json.object().put("prompt", "p")), Map.of("image", InputImage.of(new byte[] {1, 2, 3})), Optional.empty())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.RETRYABLE));
        assertThat(server.received).extracting(RecordingServer.Received::path).containsExactly("/api/v3/media/upload/binary");
    }

    @Test
    void shouldSendTheDurationAsAString_whenModelIsI2vStandard() throws Exception {
        provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_I2V_STANDARD, Json.toPlain(Json.object().put("duration", 5)),
                Map.of("image", InputImage.at(URI.create("https://s3/in.png"))), Optional.empty()));

        assertThat(Json.parse(server.received.get(0).body()).get("duration").isTextual()).isTrue();
        assertThat(server.received.get(0).query()).isNull();
    }

    @Test
    void shouldSendImagesInOrderWithoutWebhook_whenMultiShotAsksForBase64() throws Exception {
        Map<String, InputImage> images = new LinkedHashMap<>();
        images.put("images[0]", InputImage.at(URI.create("https://s3/0.png")));
        images.put("images[1]", InputImage.at(URI.create("https://s3/1.png")));
        provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_MULTI_I2V_PRO, Json.toPlain(Json.object().put("prompt", "p")),
                images, Optional.empty()));
        provider.submit(new VideoProvider.SubmitRequest("job_2", ProductModel.KLING_V1_AI_MULTI_SHOT,
                Json.toPlain(Json.object().put("enable_base64_output", true)), Map.of("image", InputImage.at(URI.create("https://s3/a.png"))),
                Optional.of(URI.create("https://api.example/cb"))));

        assertThat(Json.parse(server.received.get(0).body()).get("images")).extracting(JsonNode::asText)
                .containsExactly("https://s3/0.png", "https://s3/1.png");
        assertThat(server.received.get(1).path()).isEqualTo("/api/v3/kwaivgi/kling-v1/ai-multi-shot");
        assertThat(server.received.get(1).query()).isNull();
    }

    @Test
    void shouldReadOutputsAndNsfwFlags_whenResultIsCompleted() throws Exception {
        server.reply = "{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"pred_1\",\"status\":\"completed\","
                + "\"outputs\":[\"https://cdn/o.mp4\"],\"has_nsfw_contents\":[true],\"error\":\"\"}}";

        TaskState state = provider.query(ProductModel.KLING_V16_I2V_PRO, "pred_1");

        assertThat(server.received.get(0).path()).isEqualTo("/api/v3/predictions/pred_1/result");
        assertThat(state.phase()).isEqualTo(TaskState.Phase.SUCCEEDED);
        assertThat(state.outputs()).containsExactly("https://cdn/o.mp4");
        assertThat(state.nsfw()).containsExactly(true);
    }

    @Test
    void shouldClassifyErrors_whenWaveSpeedRefusesOrFails() {
        assertKind(401, "{\"code\":401,\"message\":\"Unauthorized\"}", ProviderException.Kind.ACCOUNT);
        assertKind(400, "{\"code\":400,\"message\":\"guidance_scale out of range\"}", ProviderException.Kind.JOB_REJECTED);
        assertKind(500, "oops", ProviderException.Kind.RETRYABLE);
        assertKind(200, "{\"code\":200,\"data\":", ProviderException.Kind.RETRYABLE);
        server.retryAfter = "30";
        server.status = 429;
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V16_I2V_PRO, "x"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @Test
    void shouldTakeItAsTheErrorItNames_whenA200CarriesAnotherEnvelopeCode() {
        assertKind(200, "{\"code\":400,\"message\":\"image is required\",\"data\":null}", ProviderException.Kind.JOB_REJECTED);
        assertKind(200, "{\"code\":401,\"message\":\"Unauthorized\",\"data\":{}}", ProviderException.Kind.ACCOUNT);
        assertKind(200, "{\"code\":500,\"message\":\"busy\",\"data\":{\"id\":\"x\",\"status\":\"created\"}}", ProviderException.Kind.RETRYABLE);
        server.reply = "{\"code\":400,\"message\":\"image is required\",\"data\":null}";
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V16_I2V_PRO, "x"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("image is required"));
    }

    @Test
    void shouldKeepCheckingAsUsual_whenTheStatusIsNotOneTheDocsName() throws Exception {
        for (String status : new String[] {"pending", "queued", "created"}) {
            server.reply = "{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"pred_1\",\"status\":\"" + status + "\",\"outputs\":[]}}";

            TaskState state = provider.query(ProductModel.KLING_V16_I2V_PRO, "pred_1");

            assertThat(state.phase()).as(status).isEqualTo(TaskState.Phase.PENDING);
            assertThat(state.finished()).isFalse();
        }
    }

    @Test
    void shouldFailWithProviderBadResult_whenACompletedPredictionHasNoUsableOutput() {
        for (String outputs : new String[] {"[]", "[\"\"]", "[null]", "[\"https://cdn/a.mp4\",\"\"]"}) {
            server.reply = "{\"code\":200,\"data\":{\"id\":\"pred_1\",\"status\":\"completed\",\"outputs\":" + outputs + "}}";

            assertThatThrownBy(() -> provider.query(ProductModel.KLING_V16_I2V_PRO, "pred_1")).as(outputs)
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.code()).isEqualTo("provider_bad_result"));
        }
    }

    private void assertKind(int status, String reply, ProviderException.Kind kind) {
        server.status = status;
        server.reply = reply;
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V16_I2V_PRO, "x"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}

package dev.videojobs.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KlingProviderTest {

    private static final String ACCEPTED = "{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"r\",\"data\":{\"task_id\":\"t1\",\"task_status\":\"submitted\"}}";
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private RecordingServer server;
    private KlingProvider provider;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        server.reply = ACCEPTED;
        provider = new KlingProvider(server.uri(), "ak", "sk", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Clock.fixed(NOW, ZoneOffset.UTC), InputDelivery.PRESIGNED_URL);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldTranslateOurFieldsToKlings_whenSubmittingImage2Video() throws Exception {
        var params = Json.object().put("prompt", "p").put("negative_prompt", "n").put("guidance_scale", 0.3).put("duration", 10);
        Map<String, InputImage> images = new LinkedHashMap<>();
        images.put("image", InputImage.at(URI.create("https://s3/in.png")));
        images.put("end_image", InputImage.at(URI.create("https://s3/end.png")));

        String taskId = provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_I2V_STANDARD, Json.toPlain(params), images,
                Optional.of(URI.create("https://api.example/v1/callbacks/kling/job_1.abc"))));

        JsonNode body = Json.parse(server.received.get(0).body());
        assertThat(taskId).isEqualTo("t1");
        assertThat(server.received.get(0).path()).isEqualTo("/v1/videos/image2video");
        assertThat(body.get("model_name").asText()).isEqualTo("kling-v1-6");
        assertThat(body.get("mode").asText()).isEqualTo("std");
        assertThat(body.get("image_tail").asText()).isEqualTo("https://s3/end.png");
        assertThat(body.get("cfg_scale").asDouble()).isEqualTo(0.3);
        assertThat(body.get("duration").asText()).isEqualTo("10");
        assertThat(body.get("duration").isTextual()).isTrue();
        assertThat(body.get("callback_url").asText()).isEqualTo("https://api.example/v1/callbacks/kling/job_1.abc");
        assertThat(body.get("external_task_id").asText()).isEqualTo("job_1");
        assertThat(body.has("guidance_scale") || body.has("end_image")).isFalse();
    }

    @Test
    void shouldSendImageListAndFrontalImage_whenModelTakesThem() throws Exception {
        Map<String, InputImage> images = new LinkedHashMap<>();
        images.put("images[0]", InputImage.at(URI.create("https://s3/0.png")));
        images.put("images[1]", InputImage.at(URI.create("https://s3/1.png")));
        provider.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_MULTI_I2V_PRO,
                Json.toPlain(Json.object().put("prompt", "p").put("aspect_ratio", "9:16")), images, Optional.empty()));
        provider.submit(new VideoProvider.SubmitRequest("job_3", ProductModel.KLING_V1_AI_MULTI_SHOT, Json.toPlain(Json.object()),
                Map.of("image", InputImage.at(URI.create("https://s3/a.png"))), Optional.empty()));

        JsonNode multi = Json.parse(server.received.get(0).body());
        assertThat(server.received.get(0).path()).isEqualTo("/v1/videos/multi-image2video");
        assertThat(multi.get("image_list").get(1).get("image").asText()).isEqualTo("https://s3/1.png");
        assertThat(multi.get("mode").asText()).isEqualTo("pro");
        assertThat(multi.has("cfg_scale")).isFalse();
        assertThat(server.received.get(1).path()).isEqualTo("/v1/general/ai-multi-shot");
        JsonNode multiShot = Json.parse(server.received.get(1).body());
        assertThat(multiShot.get("element_frontal_image").asText()).isEqualTo("https://s3/a.png");
        assertThat(multiShot.has("model_name") || multiShot.has("mode")).isFalse();
    }

    @Test
    void shouldSendEveryImageAsRawBase64WithoutDataPrefix_whenInputsAreDeliveredInline() throws Exception {
        // Arrange
        KlingProvider inline = new KlingProvider(server.uri(), "ak", "sk", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Clock.fixed(NOW, ZoneOffset.UTC), InputDelivery.INLINE_BASE64);
        byte[] first = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1};
        byte[] tail = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 2};
        Map<String, InputImage> images = new LinkedHashMap<>();
        images.put("image", InputImage.of(first));
        images.put("end_image", InputImage.of(tail));
        Map<String, InputImage> list = new LinkedHashMap<>();
        list.put("images[0]", InputImage.of(first));
        list.put("images[1]", InputImage.of(tail));

        // Act
        inline.submit(new VideoProvider.SubmitRequest("job_1", ProductModel.KLING_V16_I2V_PRO, Json.toPlain(Json.object().put("prompt", "p")), images,
                Optional.empty()));
        inline.submit(new VideoProvider.SubmitRequest("job_2", ProductModel.KLING_V16_MULTI_I2V_PRO, Json.toPlain(Json.object().put("prompt", "p")), list,
                Optional.empty()));
        inline.submit(new VideoProvider.SubmitRequest("job_3", ProductModel.KLING_V1_AI_MULTI_SHOT, Json.toPlain(Json.object()),
                Map.of("image", InputImage.of(first)), Optional.empty()));

        // Assert
        String firstBase64 = Base64.getEncoder().encodeToString(first);
        String tailBase64 = Base64.getEncoder().encodeToString(tail);
        JsonNode image2video = Json.parse(server.received.get(0).body());
        assertThat(image2video.get("image").asText()).isEqualTo(firstBase64);
        assertThat(image2video.get("image_tail").asText()).isEqualTo(tailBase64);
        assertThat(Json.parse(server.received.get(1).body()).get("image_list")).extracting(entry -> entry.get("image").asText())
                .containsExactly(firstBase64, tailBase64);
        assertThat(Json.parse(server.received.get(2).body()).get("element_frontal_image").asText()).isEqualTo(firstBase64);
    }

    @Test
    void shouldRefuseToBuild_whenTheDeliveryIsWaveSpeedsUpload() {
        assertThatThrownBy(() -> new KlingProvider(server.uri(), "ak", "sk", new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Clock.systemUTC(), InputDelivery.PROVIDER_UPLOAD)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("provider_upload");
    }

    @Test
    void shouldSignAValidHs256Token_whenCalling() throws Exception {
        provider.query(ProductModel.KLING_V16_I2V_PRO, "t1");

        String token = server.received.get(0).authorization().substring("Bearer ".length());
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256("sk")).withIssuer("ak").acceptLeeway(Long.MAX_VALUE / 1000).build().verify(token);
        assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(NOW.plusSeconds(1800));
        assertThat(jwt.getNotBeforeAsInstant()).isEqualTo(NOW.minusSeconds(5));
        assertThat(server.received.get(0).path()).isEqualTo("/v1/videos/image2video/t1");
    }

    @Test
    void shouldReadEveryUrlOfEveryEntry_whenAMultiShotTaskSucceeded() throws Exception {
        server.reply = "{\"code\":0,\"message\":\"SUCCEED\",\"data\":{\"task_id\":\"t1\",\"task_status\":\"succeed\",\"final_unit_deduction\":\"2\","
                + "\"task_result\":{\"images\":[{\"index\":0,\"url_1\":\"https://cdn/0a.png\",\"url_2\":\"https://cdn/0b.png\",\"url_3\":\"https://cdn/0c.png\"},"
                + "{\"index\":1,\"url_1\":\"https://cdn/1a.png\",\"url_2\":\"https://cdn/1b.png\",\"url_3\":\"https://cdn/1c.png\"}]}}}";

        TaskState state = provider.query(ProductModel.KLING_V1_AI_MULTI_SHOT, "t1");

        assertThat(state.phase()).isEqualTo(TaskState.Phase.SUCCEEDED);
        assertThat(state.outputs()).containsExactly("https://cdn/0a.png", "https://cdn/0b.png", "https://cdn/0c.png",
                "https://cdn/1a.png", "https://cdn/1b.png", "https://cdn/1c.png");
        assertThat(state.costUnits()).contains("2");
    }

    @Test
    void shouldFailWithProviderBadResult_whenASucceededTaskHasNoUsableUrl() {
        for (String result : new String[] {"{}", "{\"videos\":[]}", "{\"videos\":[{\"id\":\"v\",\"url\":\"\"}]}",
                "{\"images\":[{\"index\":0,\"url\":\"https://cdn/0.png\"}]}",
                "{\"images\":[{\"index\":0,\"url_1\":\"https://cdn/a.png\",\"url_2\":null,\"url_3\":\"https://cdn/c.png\"}]}"}) {
            server.reply = "{\"code\":0,\"message\":\"SUCCEED\",\"data\":{\"task_id\":\"t1\",\"task_status\":\"succeed\",\"task_result\":" + result + "}}";

            assertThatThrownBy(() -> provider.query(ProductModel.KLING_V1_AI_MULTI_SHOT, "t1")).as(result)
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.JOB_REJECTED);
                        assertThat(e.code()).isEqualTo("provider_bad_result");
                    });
        }
    }

    @Test
    void shouldReadTheCodeNotJustTheStatus_whenKlingAnswers429() {
        server.status = 429;
        server.reply = "{\"code\":1102,\"message\":\"resource pack exhausted\",\"request_id\":\"r\"}";
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V16_I2V_PRO, "t1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.ACCOUNT);
                    assertThat(e.code()).isEqualTo("kling_1102");
                });

        server.reply = "{\"code\":1303,\"message\":\"too many concurrent tasks\",\"request_id\":\"r\"}";
        assertThatThrownBy(() -> provider.query(ProductModel.KLING_V16_I2V_PRO, "t1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.RETRYABLE));
    }
}

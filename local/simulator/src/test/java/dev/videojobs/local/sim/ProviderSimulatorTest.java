package dev.videojobs.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.scale.AWTUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String I2V_PRO = "/api/v3/kwaivgi/kling-v1.6-i2v-pro";

    private static ProviderSimulator simulator;
    private static HttpServer helper;
    private static String helperBase;
    private static final Map<String, byte[]> IMAGES = new ConcurrentHashMap<>();
    private static final List<Received> CALLBACKS = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A callback POST as the receiver saw it. */
    record Received(String path, Map<String, String> headers, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void startServers() throws IOException {
        IMAGES.put("/img/wide.png", png(640, 360, Color.RED, Color.ORANGE));
        IMAGES.put("/img/red.png", png(400, 400, Color.RED, Color.RED));
        IMAGES.put("/img/blue.png", png(400, 400, Color.BLUE, Color.BLUE));
        IMAGES.put("/img/tiny.png", png(120, 120, Color.GREEN, Color.GREEN));
        helper = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        helper.createContext("/img/", exchange -> {
            byte[] image = IMAGES.get(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(image == null ? 404 : 200, image == null ? -1 : image.length);
            exchange.getResponseBody().write(image == null ? new byte[0] : image);
            exchange.close();
        });
        helper.createContext("/hook/", exchange -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            CALLBACKS.add(new Received(exchange.getRequestURI().getPath(), headers,
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        helper.start();
        helperBase = "http://127.0.0.1:" + helper.getAddress().getPort();
        simulator = ProviderSimulator.start(SimulatorOptions.defaults().withProcessingTime(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stopServers() {
        simulator.close();
        helper.stop(0);
    }

    @AfterEach
    void resetSimulator() {
        simulator.reset();
        CALLBACKS.clear();
    }

    // ---------------------------------------------------------------- WaveSpeed

    @Test
    void shouldStoreTheFileAndServeItAtItsDownloadUrl_whenAnImageIsUploadedToWaveSpeed() throws Exception {
        // Arrange
        byte[] image = IMAGES.get("/img/red.png");

        // Act
        HttpResponse<String> answer = upload("multipart/form-data; boundary=b0und", multipart("b0und", "file", "red.png", image));
        JsonNode uploaded = JSON.readTree(answer.body());
        HttpResponse<byte[]> served = download(uploaded.at("/data/download_url").asText());

        // Assert: the docs' answer ({"code":200,"message":"success","data":{"type","download_url","filename","size"}})
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(uploaded.get("code").asInt()).isEqualTo(200);
        assertThat(uploaded.at("/data/type").asText()).isEqualTo("image");
        assertThat(uploaded.at("/data/filename").asText()).isEqualTo("red.png");
        assertThat(uploaded.at("/data/size").asInt()).isEqualTo(image.length);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(image);
        assertThat(simulator.uploads()).singleElement().satisfies(recorded -> {
            assertThat(recorded.downloadUrl()).isEqualTo(uploaded.at("/data/download_url").asText());
            assertThat(recorded.contentType()).isEqualTo("image/png");
        });
        assertThat(simulator.tasks()).isEmpty();
    }

    @Test
    void shouldRefuseTheUploadWith400_whenItIsNotMultipartWithAFileField() throws Exception {
        // Act
        HttpResponse<String> noFile = upload("multipart/form-data; boundary=b0und", multipart("b0und", "image", "red.png", new byte[] {1}));
        HttpResponse<String> json = upload("application/json", "{\"file\":\"x\"}".getBytes(StandardCharsets.UTF_8));

        // Assert
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noFile.body()).get("message").asText()).isEqualTo("file is required");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(simulator.uploads()).isEmpty();
    }

    private static byte[] multipart(String boundary, String field, String filename, byte[] file) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static HttpResponse<String> upload(String contentType, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(simulator.baseUri().resolve("/api/v3/media/upload/binary")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).headers(waveSpeedAuth()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldCompleteWithPlayableMp4OfRequestedDurationAndImageAspect_whenWaveSpeedI2vProSubmitted()
            throws Exception {
        // Arrange
        String body = "{\"image\":\"" + helperBase + "/img/wide.png\",\"prompt\":\"a slow pan\",\"duration\":5}";

        // Act
        JsonNode submitted = waveSpeed("POST", I2V_PRO, body);
        String id = submitted.at("/data/id").asText();
        JsonNode completed = awaitWaveSpeedStatus(id, "completed");
        HttpResponse<byte[]> video = download(completed.at("/data/outputs/0").asText());

        // Assert
        assertThat(submitted.get("code").asInt()).isEqualTo(200);
        assertThat(submitted.at("/data/status").asText()).isEqualTo("created");
        assertThat(submitted.at("/data/urls/get").asText())
                .isEqualTo(simulator.baseUri() + "/api/v3/predictions/" + id + "/result");
        assertThat(completed.at("/data/has_nsfw_contents").toString()).isEqualTo("[false]");
        assertThat(completed.at("/data/error").asText()).isEmpty();
        assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(video.headers().firstValueAsLong("Content-Length")).hasValue(video.body().length);
        assertThat(new String(video.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        DemuxerTrackMeta meta = videoMeta(video.body());
        assertThat(meta.getCodec().name()).isEqualTo("H264");
        assertThat(meta.getTotalDuration()).isCloseTo(5.0, within(0.3));
        int width = meta.getVideoCodecMeta().getSize().getWidth();
        int height = meta.getVideoCodecMeta().getSize().getHeight();
        assertThat(width).isEqualTo(320);
        assertThat((double) width / height).isCloseTo(640.0 / 360, within(0.02));
    }

    @Test
    void shouldPostVerifiablySignedPrediction_whenSubmittedWithWebhook() throws Exception {
        // Arrange
        String hook = helperBase + "/hook/ws";
        String body = "{\"image\":\"" + helperBase + "/img/wide.png\",\"prompt\":\"waves\"}";
        String secret = waveSpeed("GET", "/api/v3/webhook/secret", null).at("/data/secret").asText();

        // Act
        String id = waveSpeed("POST", I2V_PRO + "?webhook=" + URLEncoder.encode(hook, StandardCharsets.UTF_8), body)
                .at("/data/id").asText();
        await().atMost(DEADLINE).until(() -> CALLBACKS.size() == 1);

        // Assert
        Received webhook = CALLBACKS.get(0);
        assertThat(secret).startsWith("whsec_").isEqualTo(simulator.options().waveSpeedWebhookSecret());
        assertThat(verifyWaveSpeedSignature(secret, webhook)).isTrue();
        assertThat(webhook.headers().get("webhook-id")).startsWith("msg_");
        JsonNode prediction = webhook.json();
        assertThat(prediction.get("id").asText()).isEqualTo(id);
        assertThat(prediction.get("status").asText()).isEqualTo("completed");
        assertThat(prediction.at("/input/prompt").asText()).isEqualTo("waves");
        assertThat(prediction.at("/outputs/0").asText()).endsWith(".mp4");
        // the simulator counts a delivery once the receiver has answered, which may come after we saw the body
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(simulator.tasks()).singleElement()
                .satisfies(task -> assertThat(task.callbacksSent()).isEqualTo(1)));
    }

    @Test
    void shouldAnswer401Envelope_whenWaveSpeedKeyIsWrong() throws Exception {
        // Act
        HttpResponse<String> response = send("POST", I2V_PRO, "{}", "Authorization", "Bearer wrong");

        // Assert
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"code\":401,\"message\":\"Unauthorized\",\"data\":null}"));
    }

    @Test
    void shouldAnswer400NamingTheField_whenGuidanceScaleOutOfRange() throws Exception {
        // Act
        HttpResponse<String> response = send("POST", I2V_PRO,
                "{\"image\":\"http://x/y.png\",\"prompt\":\"p\",\"guidance_scale\":1.5}", waveSpeedAuth());

        // Assert
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.get("code").asInt()).isEqualTo(400);
        assertThat(envelope.get("message").asText()).startsWith("guidance_scale");
        assertThat(envelope.get("data").isNull()).isTrue();
        assertThat(simulator.tasks()).isEmpty();
    }

    @Test
    void shouldAcceptAStringOrAnIntegerDuration_whenI2vStandardIsAskedAsTheSeedOrWaveSpeedsComfyUiNodeDoes() throws Exception {
        // Act
        HttpResponse<String> integer = send("POST", "/api/v3/kwaivgi/kling-v1.6-i2v-standard",
                "{\"image\":\"http://x/y.png\",\"duration\":5}", waveSpeedAuth());
        HttpResponse<String> string = send("POST", "/api/v3/kwaivgi/kling-v1.6-i2v-standard",
                "{\"image\":\"http://x/y.png\",\"duration\":\"10\"}", waveSpeedAuth());
        HttpResponse<String> outOfRange = send("POST", "/api/v3/kwaivgi/kling-v1.6-i2v-standard",
                "{\"image\":\"http://x/y.png\",\"duration\":7}", waveSpeedAuth());

        // Assert
        assertThat(integer.statusCode()).as(integer.body()).isEqualTo(200);
        assertThat(string.statusCode()).as(string.body()).isEqualTo(200);
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(outOfRange.body()).get("message").asText()).startsWith("duration");
    }

    @Test
    void shouldAcceptSyncModeAndBase64Off_whenAVideoModelGetsWhatWaveSpeedsClientsSend() throws Exception {
        // Act
        HttpResponse<String> response = send("POST", I2V_PRO, "{\"image\":\"http://x/y.png\",\"prompt\":\"p\","
                + "\"enable_sync_mode\":false,\"enable_base64_output\":false}", waveSpeedAuth());

        // Assert
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void shouldAnswerTheDocumentedBareError_whenBase64OutputIsCombinedWithAWebhook() throws Exception {
        // Arrange
        String hook = URLEncoder.encode(helperBase + "/hook/b64", StandardCharsets.UTF_8);

        // Act
        HttpResponse<String> response = send("POST", "/api/v3/kwaivgi/kling-v1/ai-multi-shot?webhook=" + hook,
                "{\"image\":\"http://x/y.png\",\"enable_base64_output\":true}", waveSpeedAuth());

        // Assert
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText())
                .isEqualTo("webhook callback does not support base64 output, please use the normal API to use base64 output");
        assertThat(simulator.tasks()).isEmpty();
    }

    @Test
    void shouldShowEachImageInTurnAtTheAspectRatio_whenMultiImageVideoRequested() throws Exception {
        // Arrange
        String body = "{\"images\":[\"" + helperBase + "/img/red.png\",\"" + helperBase + "/img/blue.png\"],"
                + "\"prompt\":\"red then blue\",\"duration\":10,\"aspect_ratio\":\"16:9\"}";

        // Act
        String id = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1.6-multi-i2v-pro", body).at("/data/id").asText();
        byte[] video = download(awaitWaveSpeedStatus(id, "completed").at("/data/outputs/0").asText()).body();

        // Assert
        DemuxerTrackMeta meta = videoMeta(video);
        assertThat(meta.getTotalDuration()).isCloseTo(10.0, within(0.3));
        assertThat(meta.getVideoCodecMeta().getSize().getWidth()).isEqualTo(320);
        assertThat(meta.getVideoCodecMeta().getSize().getHeight()).isEqualTo(180);
        FrameGrab grab = FrameGrab.createFrameGrab(new ByteBufferSeekableByteChannel(ByteBuffer.wrap(video),
                video.length));
        Color first = new Color(AWTUtil.toBufferedImage(grab.getNativeFrame()).getRGB(160, 90));
        grab.seekToFramePrecise(meta.getTotalFrames() - 1);
        Color last = new Color(AWTUtil.toBufferedImage(grab.getNativeFrame()).getRGB(160, 90));
        assertThat(first.getRed()).isGreaterThan(first.getBlue() + 100);
        assertThat(last.getBlue()).isGreaterThan(last.getRed() + 100);
    }

    @Test
    void shouldReturnThreeBase64Pngs_whenAiMultiShotAsksForBase64() throws Exception {
        // Arrange
        String body = "{\"image\":\"" + helperBase + "/img/wide.png\",\"enable_base64_output\":true}";

        // Act
        String id = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1/ai-multi-shot", body).at("/data/id").asText();
        JsonNode outputs = awaitWaveSpeedStatus(id, "completed").at("/data/outputs");

        // Assert
        assertThat(outputs).hasSize(3);
        for (JsonNode output : outputs) {
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(output.asText())));
            assertThat(Math.min(shot.getWidth(), shot.getHeight())).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void shouldFailTaskWithReason_whenInputImageCannotBeFetchedOrIsTooSmall() throws Exception {
        // Act
        String missing = waveSpeed("POST", I2V_PRO, "{\"image\":\"" + helperBase + "/img/missing.png\","
                + "\"prompt\":\"p\"}").at("/data/id").asText();
        String tiny = waveSpeed("POST", I2V_PRO, "{\"image\":\"" + helperBase + "/img/tiny.png\","
                + "\"prompt\":\"p\"}").at("/data/id").asText();

        // Assert
        assertThat(awaitWaveSpeedStatus(missing, "failed").at("/data/error").asText()).contains("HTTP 404");
        assertThat(awaitWaveSpeedStatus(tiny, "failed").at("/data/error").asText()).contains("300x300");
    }

    // ---------------------------------------------------------------- Kling

    @Test
    void shouldAcceptTask_whenKlingJwtIsValid() throws Exception {
        // Act
        HttpResponse<String> response = send("POST", "/v1/videos/image2video", klingI2vBody(null),
                "Authorization", "Bearer " + klingJwt("kling-sk", Instant.now().plusSeconds(1800)));
        JsonNode list = kling("GET", "/v1/videos/image2video?pageNum=1&pageSize=30", null);

        // Assert
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(list.get("data")).hasSize(1);
        assertThat(list.at("/data/0/task_id").asText()).isEqualTo(envelope.at("/data/task_id").asText());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(envelope.get("code").asInt()).isZero();
        assertThat(envelope.get("message").asText()).isEqualTo("SUCCEED");
        assertThat(envelope.get("request_id").asText()).isNotBlank();
        assertThat(envelope.at("/data/task_status").asText()).isEqualTo("submitted");
        assertThat(envelope.at("/data/task_info/external_task_id").asText()).isEqualTo("ext-1");
    }

    @Test
    void shouldAnswer401Code1004_whenKlingJwtExpired() throws Exception {
        // Act
        HttpResponse<String> response = send("POST", "/v1/videos/image2video", klingI2vBody(null),
                "Authorization", "Bearer " + klingJwt("kling-sk", Instant.now().minusSeconds(10)));

        // Assert
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(1004);
    }

    @Test
    void shouldAnswer401Code1000_whenKlingJwtSignedWithWrongSecret() throws Exception {
        // Act
        HttpResponse<String> response = send("POST", "/v1/videos/image2video", klingI2vBody(null),
                "Authorization", "Bearer " + klingJwt("not-the-secret", Instant.now().plusSeconds(1800)));

        // Assert
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.get("code").asInt()).isEqualTo(1000);
        assertThat(envelope.get("data").isNull()).isTrue();
    }

    @Test
    void shouldAnswer401Codes1001And1003_whenKlingTokenMissingOrNotYetValid() throws Exception {
        // Arrange
        String notYetValid = JWT.create().withIssuer("kling-ak").withExpiresAt(Instant.now().plusSeconds(1800))
                .withNotBefore(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256("kling-sk"));

        // Act
        HttpResponse<String> missing = send("GET", "/v1/videos/image2video/1", null);
        HttpResponse<String> early = send("GET", "/v1/videos/image2video/1", null,
                "Authorization", "Bearer " + notYetValid);

        // Assert
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(missing.body()).get("code").asInt()).isEqualTo(1001);
        assertThat(early.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(early.body()).get("code").asInt()).isEqualTo(1003);
    }

    @Test
    void shouldCallBackOnEveryStatusChange_whenKlingCallbackUrlGiven() throws Exception {
        // Act
        String taskId = kling("POST", "/v1/videos/image2video", klingI2vBody(helperBase + "/hook/kling"))
                .at("/data/task_id").asText();
        await().atMost(DEADLINE).until(() -> CALLBACKS.size() == 2);
        JsonNode queried = kling("GET", "/v1/videos/image2video/" + taskId, null);
        JsonNode byExternalId = kling("GET", "/v1/videos/image2video/ext-1", null);

        // Assert
        assertThat(CALLBACKS.get(0).json().get("task_status").asText()).isEqualTo("processing");
        JsonNode done = CALLBACKS.get(1).json();
        assertThat(done.get("task_id").asText()).isEqualTo(taskId);
        assertThat(done.get("task_status").asText()).isEqualTo("succeed");
        assertThat(done.at("/task_result/videos/0/duration").asText()).isEqualTo("5");
        assertThat(CALLBACKS.get(1).headers().get("content-type")).isEqualTo("application/json");
        assertThat(queried.at("/data/task_result/videos/0/url").asText())
                .isEqualTo(done.at("/task_result/videos/0/url").asText());
        assertThat(queried.at("/data/final_unit_deduction").asText()).isEqualTo("1");
        assertThat(byExternalId.at("/data/task_id").asText()).isEqualTo(taskId);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(simulator.tasks()).singleElement()
                .satisfies(task -> assertThat(task.callbacksSent()).isEqualTo(2)));
    }

    @Test
    void shouldAnswer400Code1201NamingTheField_whenCameraControlHasTwoNonZeroAxes() throws Exception {
        // Arrange: kling-v1-5 takes camera control on image2video
        String body = "{\"model_name\":\"kling-v1-5\",\"image\":\"" + helperBase + "/img/wide.png\","
                + "\"camera_control\":{\"type\":\"simple\",\"config\":{\"pan\":2,\"zoom\":3}}}";

        // Act
        HttpResponse<String> response = send("POST", "/v1/videos/image2video", body, klingAuth());

        // Assert
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.get("code").asInt()).isEqualTo(1201);
        assertThat(envelope.get("message").asText()).startsWith("camera_control.config");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "\"camera_control\":{\"type\":\"down_back\"}",
            "\"static_mask\":\"IMG\"",
            "\"mode\":\"std\",\"image_tail\":\"IMG\""})
    void shouldAnswer400Code1201_whenKlingV16IsSentAFieldItDoesNotSupport(String field) throws Exception {
        // Arrange: Kling's capability table for kling-v1-6
        String image = helperBase + "/img/wide.png";
        String body = "{\"model_name\":\"kling-v1-6\",\"image\":\"" + image + "\"," + field.replace("IMG", image) + "}";

        // Act
        HttpResponse<String> response = send("POST", "/v1/videos/image2video", body, klingAuth());

        // Assert
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.get("code").asInt()).isEqualTo(1201);
        assertThat(envelope.get("message").asText()).contains("not supported by kling-v1-6");
    }

    @Test
    void shouldReturnOneEntryWithThreePngUrls_whenKlingAiMultiShotGetsRawBase64() throws Exception {
        // Arrange
        String image = Base64.getEncoder().encodeToString(IMAGES.get("/img/wide.png"));

        // Act
        String taskId = kling("POST", "/v1/general/ai-multi-shot", "{\"element_frontal_image\":\"" + image + "\"}")
                .at("/data/task_id").asText();
        JsonNode images = awaitKlingStatus("/v1/general/ai-multi-shot/" + taskId, "succeed")
                .at("/data/task_result/images");

        // Assert: one entry, its three shots as url_1..url_3 (Kling's subject-completion doc)
        assertThat(images).hasSize(1);
        JsonNode entry = images.get(0);
        assertThat(entry.get("index").asInt()).isZero();
        assertThat(entry.has("url")).isFalse();
        for (String field : List.of("url_1", "url_2", "url_3")) {
            HttpResponse<byte[]> png = download(entry.get(field).asText());
            assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(shot.getWidth()).isGreaterThanOrEqualTo(300);
            assertThat(shot.getHeight()).isGreaterThanOrEqualTo(300);
        }
    }

    // ---------------------------------------------------------------- faults

    @Test
    void shouldAnswer429Code1302OnceThenNormally_whenKlingRateLimitFaultForced() throws Exception {
        // Arrange
        simulator.faults().setErrorKinds(List.of("kling:1302")).setFailNextCalls(1);

        // Act
        HttpResponse<String> otherProvider = send("GET", "/api/v3/webhook/secret", null, waveSpeedAuth());
        HttpResponse<String> limited = send("POST", "/v1/videos/image2video", klingI2vBody(null), klingAuth());
        HttpResponse<String> next = send("POST", "/v1/videos/image2video", klingI2vBody(null), klingAuth());

        // Assert
        assertThat(otherProvider.statusCode()).isEqualTo(200);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).get("code").asInt()).isEqualTo(1302);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(simulator.tasks()).hasSize(1);
    }

    @Test
    void shouldAnswer500Envelope_whenHttp500FaultForcedOnSubmit() throws Exception {
        // Arrange
        simulator.faults().setErrorKinds(List.of("http_500")).setErrorScope("submit").setFailNextCalls(1);

        // Act
        HttpResponse<String> response = send("POST", I2V_PRO, "{}", waveSpeedAuth());

        // Assert
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).get("code").asInt()).isEqualTo(500);
        assertThat(simulator.tasks()).isEmpty();
    }

    @Test
    void shouldAnswerUnparseableBody_whenMalformedJsonFaultForced() throws Exception {
        // Arrange
        simulator.faults().setErrorKinds(List.of("malformed_json")).setFailNextCalls(1);

        // Act
        HttpResponse<String> response = send("GET", "/api/v3/predictions/nope/result", null, waveSpeedAuth());

        // Assert
        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(IOException.class);
    }

    @Test
    void shouldCloseWithoutAnswer_whenConnectionResetOrTimeoutFaultForced() {
        // Arrange
        simulator.faults().setErrorKinds(List.of("connection_reset")).setFailNextCalls(1);

        // Act + Assert (a POST, because HttpClient silently retries a GET once on a closed connection)
        assertThatThrownBy(() -> send("POST", I2V_PRO, "{}", waveSpeedAuth())).isInstanceOf(IOException.class);

        simulator.faults().setErrorKinds(List.of("timeout")).setTimeoutMs(2_000).setFailNextCalls(1);
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUri().resolve("/api/v3/webhook/secret"))
                .header("Authorization", "Bearer ws-test-key").timeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void shouldDeliverTheSameSignedWebhookTwice_whenCallbackDuplicationForced() throws Exception {
        // Arrange
        simulator.faults().setCallbackDuplicateRate(1.0);
        String hook = URLEncoder.encode(helperBase + "/hook/dup", StandardCharsets.UTF_8);

        // Act
        waveSpeed("POST", "/api/v3/kwaivgi/kling-v1/ai-multi-shot?webhook=" + hook,
                "{\"image\":\"" + helperBase + "/img/wide.png\"}");
        await().atMost(DEADLINE).until(() -> CALLBACKS.size() == 2);

        // Assert
        assertThat(CALLBACKS.get(0).headers().get("webhook-id")).isEqualTo(CALLBACKS.get(1).headers().get("webhook-id"));
        assertThat(CALLBACKS.get(0).body()).isEqualTo(CALLBACKS.get(1).body());
        assertThat(verifyWaveSpeedSignature(simulator.options().waveSpeedWebhookSecret(), CALLBACKS.get(1))).isTrue();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(simulator.tasks()).singleElement()
                .satisfies(task -> assertThat(task.callbacksSent()).isEqualTo(2)));
    }

    @Test
    void shouldFailTaskAndServeFlakyOutputs_whenTaskAndOutputFaultsSet() throws Exception {
        // Arrange
        simulator.faults().setFailPromptsContaining("doomed").setOutputFailures(1).setOutputFailureStatus(503);
        String image = helperBase + "/img/wide.png";

        // Act
        String doomed = waveSpeed("POST", I2V_PRO, "{\"image\":\"" + image + "\",\"prompt\":\"doomed\"}")
                .at("/data/id").asText();
        String fine = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1/ai-multi-shot", "{\"image\":\"" + image + "\"}")
                .at("/data/id").asText();
        String url = awaitWaveSpeedStatus(fine, "completed").at("/data/outputs/0").asText();
        int firstGet = download(url).statusCode();
        int secondGet = download(url).statusCode();

        // Assert
        assertThat(awaitWaveSpeedStatus(doomed, "failed").at("/data/error").asText()).isEqualTo("simulated failure");
        assertThat(firstGet).isEqualTo(503);
        assertThat(secondGet).isEqualTo(200);
    }

    @Test
    void shouldSendHalfTheDeclaredBytes_whenOutputTruncationForced() throws Exception {
        // Arrange
        String id = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1/ai-multi-shot",
                "{\"image\":\"" + helperBase + "/img/wide.png\"}").at("/data/id").asText();
        String url = awaitWaveSpeedStatus(id, "completed").at("/data/outputs/0").asText();
        simulator.faults().setOutputTruncateRate(1.0);

        // Act + Assert
        assertThatThrownBy(() -> download(url)).isInstanceOf(IOException.class);
    }

    @Test
    void shouldAnswer429WithRetryAfter_whenMaxConcurrentReached() throws Exception {
        // Arrange
        simulator.faults().setMaxConcurrent(1);
        String body = "{\"image\":\"" + helperBase + "/img/wide.png\",\"prompt\":\"p\"}";
        waveSpeed("POST", I2V_PRO, body);

        // Act
        HttpResponse<String> second = send("POST", I2V_PRO, body, waveSpeedAuth());

        // Assert
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
    }

    // ---------------------------------------------------------------- control API

    @Test
    void shouldListRecordedBodiesAndRoundTripFaults_whenControlEndpointsCalled() throws Exception {
        // Arrange
        kling("POST", "/v1/videos/image2video", klingI2vBody(null));
        String plan = "{\"error_kinds\":[\"http_503\"],\"fail_next_calls\":2,\"callback_delay_ms\":50}";

        // Act
        JsonNode tasks = JSON.readTree(send("GET", "/__sim/tasks", null).body());
        HttpResponse<String> posted = send("POST", "/__sim/faults", plan);
        JsonNode faults = JSON.readTree(send("GET", "/__sim/faults", null).body());
        HttpResponse<String> rejected = send("POST", "/__sim/faults", "{\"error_kinds\":[\"nonsense\"]}");
        HttpResponse<String> reset = send("POST", "/__sim/reset", "");

        // Assert
        assertThat(tasks).hasSize(1);
        assertThat(tasks.at("/0/provider").asText()).isEqualTo("kling");
        assertThat(tasks.at("/0/model").asText()).isEqualTo("kling-v1-6");
        assertThat(tasks.at("/0/external_task_id").asText()).isEqualTo("ext-1");
        assertThat(tasks.at("/0/request/prompt").asText()).isEqualTo("a cat");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(faults.get("error_kinds").toString()).isEqualTo("[\"http_503\"]");
        assertThat(faults.get("fail_next_calls").asInt()).isEqualTo(2);
        assertThat(faults.get("callback_delay_ms").asLong()).isEqualTo(50);
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(simulator.tasks()).isEmpty();
        assertThat(simulator.faults().getFailNextCalls()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private static String klingI2vBody(String callbackUrl) {
        return "{\"model_name\":\"kling-v1-6\",\"image\":\"" + helperBase + "/img/wide.png\",\"prompt\":\"a cat\","
                + "\"mode\":\"std\",\"duration\":\"5\",\"external_task_id\":\"ext-1\""
                + (callbackUrl == null ? "" : ",\"callback_url\":\"" + callbackUrl + "\"") + "}";
    }

    private static String klingJwt(String secret, Instant expiresAt) {
        return JWT.create().withIssuer("kling-ak").withExpiresAt(expiresAt)
                .withNotBefore(Instant.now().minusSeconds(5)).sign(Algorithm.HMAC256(secret));
    }

    private static String[] klingAuth() {
        return new String[] {"Authorization", "Bearer " + klingJwt("kling-sk", Instant.now().plusSeconds(1800))};
    }

    private static String[] waveSpeedAuth() {
        return new String[] {"Authorization", "Bearer " + simulator.options().waveSpeedApiKey()};
    }

    private static JsonNode waveSpeed(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body, waveSpeedAuth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode kling(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body, klingAuth());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitWaveSpeedStatus(String id, String status) {
        return await().atMost(DEADLINE).until(() -> waveSpeed("GET", "/api/v3/predictions/" + id + "/result", null),
                result -> result.at("/data/status").asText().equals(status));
    }

    private static JsonNode awaitKlingStatus(String path, String status) {
        return await().atMost(DEADLINE).until(() -> kling("GET", path, null),
                result -> result.at("/data/task_status").asText().equals(status));
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(simulator.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static DemuxerTrackMeta videoMeta(byte[] mp4) throws IOException {
        MP4Demuxer demuxer = MP4Demuxer.createMP4Demuxer(new ByteBufferSeekableByteChannel(ByteBuffer.wrap(mp4),
                mp4.length));
        assertThat(demuxer.getVideoTracks()).hasSize(1);
        return demuxer.getVideoTracks().get(0).getMeta();
    }

    /** An independent WaveSpeed verifier: HMAC-SHA256 keyed with the secret minus "whsec_", used as text. */
    private static boolean verifyWaveSpeedSignature(String secret, Received webhook) throws Exception {
        String id = webhook.headers().get("webhook-id");
        String timestamp = webhook.headers().get("webhook-timestamp");
        String signature = webhook.headers().get("webhook-signature");
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300
                || !signature.startsWith("v3,")) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.substring("whsec_".length()).getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(webhook.body());
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(3)));
    }

    private static byte[] png(int width, int height, Color from, Color to) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, from, width, height, to));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

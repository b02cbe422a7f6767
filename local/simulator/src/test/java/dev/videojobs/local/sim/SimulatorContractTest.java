package dev.videojobs.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.videojobs.adapter.provider.ProviderContract;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator follows the providers: its answers have the field paths and JSON types of the providers' published
 * examples (shared's provider-contract/, see SOURCES.md), and it accepts their published request examples. A field
 * the docs show and the simulator leaves out must be named here as optional, with the reason.
 */
class SimulatorContractTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Documented, produced only when a watermarked copy is asked for. */
    private static final Set<String> WATERMARK = Set.of("data.watermark_info", "data.watermark_info.enabled",
            "data.task_result.videos[].watermark_url");
    /** Documented billing detail the simulator does not model. */
    private static final Set<String> BALANCE = Set.of("data.final_balance_deduction", "data.final_balance_deduction.quota",
            "data.final_balance_deduction.list_price");

    private static ProviderSimulator simulator;
    private static HttpServer images;
    private static String imageUrl;

    @BeforeAll
    static void start() throws IOException {
        byte[] png = png();
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/img/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals("/img/wide.png");
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(known ? 200 : 404, known ? png.length : -1);
            exchange.getResponseBody().write(known ? png : new byte[0]);
            exchange.close();
        });
        images.start();
        imageUrl = "http://127.0.0.1:" + images.getAddress().getPort() + "/img/wide.png";
        simulator = ProviderSimulator.start(SimulatorOptions.defaults().withProcessingTime(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        simulator.close();
        images.stop(0);
    }

    @AfterEach
    void reset() {
        simulator.reset();
    }

    // ---------------------------------------------------------------- WaveSpeed

    @Test
    void shouldAnswerWithThePublishedPredictionShape_whenAWaveSpeedTaskIsSubmittedAndCompletes() throws Exception {
        // Arrange
        Map<String, String> documented = documentedWaveSpeedFields();

        // Act
        JsonNode submitted = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1.6-i2v-pro",
                "{\"image\":\"" + imageUrl + "\",\"prompt\":\"a slow pan\"}", 200);
        String id = submitted.at("/data/id").asText();
        JsonNode completed = awaitWaveSpeed(id, "completed");

        // Assert
        assertFollows("submit", ProviderContract.json("wavespeed/submit-response.docs.json"), submitted, Set.of(), documented);
        assertFollows("completed (docs)", ProviderContract.json("wavespeed/result-completed.docs.json"), completed, Set.of(), documented);
        assertFollows("completed (wavespeed-java)", ProviderContract.json("wavespeed/result-completed.sdk-java.json"), completed,
                Set.of(), documented);
    }

    @Test
    void shouldAnswerWithThePublishedFailedShape_whenAWaveSpeedTaskFails() throws Exception {
        // Act
        String id = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1.6-i2v-pro",
                "{\"image\":\"" + imageUrl.replace("wide", "missing") + "\",\"prompt\":\"p\"}", 200).at("/data/id").asText();
        JsonNode failed = awaitWaveSpeed(id, "failed");

        // Assert
        assertFollows("failed (wavespeed-python)", ProviderContract.json("wavespeed/result-failed.sdk-python.json"), failed, Set.of(),
                documentedWaveSpeedFields());
        assertThat(failed.at("/data/error").asText()).isNotBlank();
    }

    @Test
    void shouldAnswerTheDocumentedBareError_whenBase64OutputMeetsAWebhook() throws Exception {
        // Act
        JsonNode refused = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1/ai-multi-shot?webhook="
                + URLEncoder.encode("https://example.com/hook", StandardCharsets.UTF_8),
                "{\"image\":\"" + imageUrl + "\",\"enable_base64_output\":true}", 400);

        // Assert
        assertThat(refused).isEqualTo(ProviderContract.json("wavespeed/error-base64-webhook.docs.json"));
    }

    @Test
    void shouldAcceptTheSeedsRequest_whenI2vStandardGetsItsPublishedExample() throws Exception {
        // Arrange: the published body, its image pointed at a server the test runs
        ObjectNode body = (ObjectNode) ProviderContract.json("wavespeed/submit-request-i2v-standard.seed-002.json");
        body.put("image", imageUrl);

        // Act
        String id = waveSpeed("POST", "/api/v3/kwaivgi/kling-v1.6-i2v-standard", body.toString(), 200).at("/data/id").asText();

        // Assert
        assertThat(awaitWaveSpeed(id, "completed").at("/data/outputs")).hasSize(1);
    }

    // ---------------------------------------------------------------- Kling

    @Test
    void shouldAnswerWithThePublishedTaskShape_whenAKlingImage2videoTaskSucceeds() throws Exception {
        // Act
        JsonNode submitted = kling("POST", "/v1/videos/image2video", "{\"model_name\":\"kling-v1-6\",\"image\":\"" + imageUrl
                + "\",\"mode\":\"std\",\"duration\":\"5\",\"external_task_id\":\"ext-i2v\"}");
        JsonNode done = awaitKling("/v1/videos/image2video/" + submitted.at("/data/task_id").asText());

        // Assert
        JsonNode published = ProviderContract.json("kling/image2video-query-response.official.json");
        assertFollows("image2video query", published, done, WATERMARK, Map.of());
    }

    @Test
    void shouldAcceptThePublishedRequestsAndAnswerWithThePublishedShapes_whenKlingMultiImage2videoRuns() throws Exception {
        for (String example : new String[] {"kling/multi-image2video-request.official.json", "kling/multi-image2video-request.seed-003.json"}) {
            // Arrange: the published body, its images pointed at a server the test runs
            ObjectNode body = (ObjectNode) ProviderContract.json(example);
            ((ArrayNode) body.get("image_list")).forEach(item -> ((ObjectNode) item).put("image", imageUrl));

            // Act
            JsonNode submitted = kling("POST", "/v1/videos/multi-image2video", body.toString());
            JsonNode done = awaitKling("/v1/videos/multi-image2video/" + submitted.at("/data/task_id").asText());

            // Assert
            JsonNode query = ProviderContract.json("kling/multi-image2video-query-response.official.json");
            assertFollows(example + ": submit", ProviderContract.json("kling/multi-image2video-submit-response.official.json"),
                    submitted, Set.of(), ProviderContract.shape(query));
            assertFollows(example + ": query", query, done, WATERMARK, Map.of());
        }
    }

    @Test
    void shouldAcceptThePublishedRequestAndAnswerWithThePublishedShapes_whenKlingAiMultiShotRuns() throws Exception {
        // Arrange: the published body, its image pointed at a server the test runs
        ObjectNode body = (ObjectNode) ProviderContract.json("kling/ai-multi-shot-request.official.json");
        body.put("element_frontal_image", imageUrl);

        // Act
        JsonNode submitted = kling("POST", "/v1/general/ai-multi-shot", body.toString());
        JsonNode done = awaitKling("/v1/general/ai-multi-shot/" + submitted.at("/data/task_id").asText());

        // Assert
        JsonNode query = ProviderContract.json("kling/ai-multi-shot-query-response.official.json");
        assertFollows("ai-multi-shot submit", ProviderContract.json("kling/ai-multi-shot-submit-response.official.json"), submitted,
                Set.of(), ProviderContract.shape(query));
        assertFollows("ai-multi-shot query", query, done, BALANCE, Map.of());
        JsonNode entry = done.at("/data/task_result/images/0");
        for (String field : new String[] {"url_1", "url_2", "url_3"}) {
            assertThat(entry.get(field).asText()).as(field).startsWith(simulator.baseUri().toString()).endsWith(".png");
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Every path the example shows (but the named optional ones) is in the answer with the same JSON type, and every
     * path of the answer is in the example or in {@code documented} (a field table or another example of the API).
     */
    private static void assertFollows(String what, JsonNode published, JsonNode answer, Set<String> optional,
            Map<String, String> documented) {
        Map<String, String> example = ProviderContract.shape(published);
        Map<String, String> simulated = ProviderContract.shape(answer);
        Map<String, String> expected = new TreeMap<>(example);
        expected.keySet().removeAll(optional);
        assertThat(simulated).as("%s: the simulator answers %s", what, answer).containsAllEntriesOf(expected);
        Map<String, String> allowed = new TreeMap<>(documented);
        allowed.putAll(example);
        assertThat(allowed).as("%s: fields the simulator adds must be documented; it answers %s", what, answer)
                .containsAllEntriesOf(simulated);
    }

    private static Map<String, String> documentedWaveSpeedFields() {
        return Json.MAPPER.convertValue(ProviderContract.json("wavespeed/prediction-fields.seed.json"), new TypeReference<>() { });
    }

    private static JsonNode waveSpeed(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = send(method, path, body, "Bearer " + simulator.options().waveSpeedApiKey());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode kling(String method, String path, String body) throws Exception {
        String token = JWT.create().withIssuer(simulator.options().klingAccessKey()).withExpiresAt(Instant.now().plusSeconds(1800))
                .withNotBefore(Instant.now().minusSeconds(5)).sign(Algorithm.HMAC256(simulator.options().klingSecretKey()));
        HttpResponse<String> response = send(method, path, body, "Bearer " + token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode envelope = Json.MAPPER.readTree(response.body());
        assertThat(envelope.get("code").asInt()).as(response.body()).isZero();
        return envelope;
    }

    private static JsonNode awaitWaveSpeed(String id, String status) {
        return await().atMost(DEADLINE).until(() -> waveSpeed("GET", "/api/v3/predictions/" + id + "/result", null, 200),
                result -> result.at("/data/status").asText().equals(status));
    }

    private static JsonNode awaitKling(String path) {
        return await().atMost(DEADLINE).until(() -> kling("GET", path, null),
                result -> result.at("/data/task_status").asText().equals("succeed"));
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUri() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 640, 360);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

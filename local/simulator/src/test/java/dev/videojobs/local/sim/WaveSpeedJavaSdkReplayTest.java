package dev.videojobs.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WaveSpeed's official Java SDK against the simulator: for every WaveSpeed model the simulator serves, the requests
 * the SDK sends (see {@link WaveSpeedJavaSdk}) are accepted, and the answers read the SDK's way give its outputs.
 * A simulator stricter than the provider breaks real clients; this keeps it from being so.
 */
class WaveSpeedJavaSdkReplayTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ProviderSimulator simulator;
    private static HttpServer images;
    private static String imageBase;
    private static WaveSpeedJavaSdk sdk;

    @BeforeAll
    static void start() throws IOException {
        byte[] png = png(640, 360);
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/img/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        images.start();
        imageBase = "http://127.0.0.1:" + images.getAddress().getPort() + "/img/";
        simulator = ProviderSimulator.start(SimulatorOptions.defaults().withProcessingTime(Duration.ofMillis(300)));
        sdk = new WaveSpeedJavaSdk(simulator.options().waveSpeedApiKey(), simulator.baseUri().toString());
    }

    @AfterAll
    static void stop() {
        simulator.close();
        images.stop(0);
    }

    /** Inputs as an SDK user writes them: Java maps, numbers as Java numbers (Gson writes 5 and 0.5). */
    static Stream<Arguments> sdkRuns() {
        String image = imageBase + "a.png";
        return Stream.of(
                Arguments.of("kwaivgi/kling-v1.6-i2v-pro", Map.of("image", image, "prompt", "a slow pan", "duration", 5,
                        "guidance_scale", 0.5), "video/mp4"),
                Arguments.of("kwaivgi/kling-v1.6-i2v-pro", Map.of("image", image, "end_image", imageBase + "b.png",
                        "prompt", "day to dusk", "negative_prompt", "text", "duration", 10), "video/mp4"),
                // the seed types this duration as a string; WaveSpeed's own ComfyUI node sends an integer: both must work
                Arguments.of("kwaivgi/kling-v1.6-i2v-standard", Map.of("image", image, "duration", 5), "video/mp4"),
                Arguments.of("kwaivgi/kling-v1.6-i2v-standard", Map.of("image", image, "prompt", "waves", "duration", "10"), "video/mp4"),
                Arguments.of("kwaivgi/kling-v1.6-multi-i2v-pro", Map.of("images", List.of(image, imageBase + "c.png"),
                        "prompt", "seasons", "duration", 5, "aspect_ratio", "9:16"), "video/mp4"),
                Arguments.of("kwaivgi/kling-v1/ai-multi-shot", Map.of("image", image), "image/png"),
                Arguments.of("kwaivgi/kling-v1/ai-multi-shot", Map.of("image", image, "enable_base64_output", false), "image/png"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sdkRuns")
    void shouldGiveTheSdkItsOutputs_whenTheSdkRunsAModel(String model, Map<String, Object> input, String contentType) throws Exception {
        // Act
        WaveSpeedJavaSdk.Run run = sdk.run(model, input, POLL, DEADLINE);

        // Assert
        assertThat(run.error()).isEmpty();
        assertThat(run.outputs()).hasValueSatisfying(outputs -> assertThat(outputs).isNotEmpty().allSatisfy(url ->
                assertThat(download(url).headers().firstValue("Content-Type")).hasValue(contentType)));
        assertThat(simulator.tasks()).filteredOn(task -> task.taskId().equals(run.taskId())).singleElement()
                .satisfies(task -> assertThat(task.model()).isEqualTo(model));
    }

    @Test
    void shouldAnswerTheSubmitWithTheFinishedPrediction_whenTheSdkRunsInSyncMode() throws Exception {
        // Act
        WaveSpeedJavaSdk.Run run = sdk.runSync("kwaivgi/kling-v1.6-i2v-pro",
                Map.of("image", imageBase + "a.png", "prompt", "a slow pan", "duration", 5));

        // Assert
        assertThat(run.error()).isEmpty();
        assertThat(run.outputs()).hasValueSatisfying(outputs -> assertThat(outputs).hasSize(1));
    }

    @Test
    void shouldRaiseTheSdkSubmissionErrorWithAReadableBody_whenTheApiKeyIsWrong() {
        // Arrange
        WaveSpeedJavaSdk wrongKey = new WaveSpeedJavaSdk("not-the-key", simulator.baseUri().toString());

        // Act / Assert
        assertThatThrownBy(() -> wrongKey.run("kwaivgi/kling-v1.6-i2v-pro", Map.of("image", imageBase + "a.png",
                "prompt", "p"), POLL, DEADLINE))
                .isInstanceOfSatisfying(WaveSpeedJavaSdk.SubmissionError.class, error -> {
                    assertThat(error.status).isEqualTo(401);
                    assertThat(error.body).isNotBlank();
                });
    }

    private static HttpResponse<byte[]> download(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response;
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}

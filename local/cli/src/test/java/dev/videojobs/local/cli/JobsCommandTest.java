package dev.videojobs.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.videojobs.json.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParseResult;

/**
 * {@code jobs}: its arguments (usage errors exit 2 before any call), the body {@code submit} builds, and the exit codes
 * for the API's answers, against a stand-in API on loopback.
 */
class JobsCommandTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(JobsCommand.API_KEY_VARIABLE, "test-key");

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int run(Map<String, String> environment, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.commandLine(environment).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private int run(String... args) {
        return run(ENVIRONMENT, args);
    }

    /** The Submit command of {@code jobs submit ARGS}, parsed but not run. */
    private static JobsCommand.Submit parsedSubmit(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "jobs";
        all[1] = "submit";
        System.arraycopy(args, 0, all, 2, args.length);
        ParseResult parsed = Main.commandLine(ENVIRONMENT).parseArgs(all);
        return (JobsCommand.Submit) parsed.subcommand().subcommand().commandSpec().userObject();
    }

    private Path sampleImage() throws Exception {
        Path file = dir.resolve("lighthouse.jpg");
        try (InputStream image = JobsCommandTest.class.getResourceAsStream("/sample/lighthouse.jpg")) {
            Files.write(file, image.readAllBytes());
        }
        return file;
    }

    /** A stand-in API on loopback answering every request with {@code status} and {@code body}; records the paths asked. */
    private String apiAnswering(int status, String body, List<String> asked) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " key=" + exchange.getRequestHeaders().getFirst("x-api-key"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jobs                                                                  | Usage: video-jobs-local jobs",
        "jobs nosuch                                                           | 'nosuch'",
        "jobs submit --api-url http://127.0.0.1:9                              | --model",
        "jobs get --api-url http://127.0.0.1:9                                 | ID",
        "jobs get --api-url ftp://x.test j1                                    | not an http(s) URL",
        "jobs wait --api-url http://127.0.0.1:9 j1 --timeout soon              | 'soon' is not a duration",
        "jobs wait --api-url http://127.0.0.1:9 j1 --timeout 0s                | not a positive duration",
        "jobs list --api-url http://127.0.0.1:9 --limit 0                      | not a positive integer",
        "jobs submit --api-url http://127.0.0.1:9 --model m --duration five    | '--duration'",
        "jobs submit --api-url http://127.0.0.1:9 --model m --guidance-scale x | '--guidance-scale'",
        "jobs submit --api-url http://127.0.0.1:9 --model m --field noequals   | --field",
        "jobs get --api-url http://127.0.0.1:9 j1 --verbose                    | '--verbose'",
        "jobs submit --api-url http://127.0.0.1:9 --model m --image /no/such.jpg | no such file",
        "jobs submit --api-url http://127.0.0.1:9 --model m --metadata {oops   | --metadata is not JSON",
        "jobs submit --api-url http://127.0.0.1:9 --model m --metadata [1]     | --metadata must be a JSON object",
        "jobs submit --api-url http://127.0.0.1:9 --model m --duration 5 --field duration=10 | 'duration' is given twice",
        "jobs get j1                                                           | --api-url",
    })
    void shouldExitTwoWithTheReasonAndTheUsage_whenTheArgumentsAreWrong(String args, String reason) {
        // Act
        int code = run(args.split(" "));

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(reason).contains("Usage: video-jobs-local jobs");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldExitTwoNamingTheVariable_whenNoApiKeyIsInTheEnvironment() {
        // Act
        int code = run(Map.of(), "jobs", "get", "--api-url", "http://127.0.0.1:9", "j1");

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("VIDEO_JOBS_API_KEY is not set");
    }

    @Test
    void shouldTakeTheUrlFromTheEnvironment_whenNoApiUrlOptionIsGiven() throws Exception {
        // Arrange
        List<String> asked = new ArrayList<>();
        String url = apiAnswering(200, "{\"id\":\"j1\",\"status\":\"queued\",\"model\":\"m\"}", asked);

        // Act
        int code = run(Map.of(JobsCommand.API_KEY_VARIABLE, "k1", JobsCommand.API_URL_VARIABLE, url), "jobs", "get", "j1", "--json");

        // Assert
        assertThat(code).isZero();
        assertThat(asked).containsExactly("GET /v1/jobs/j1 key=k1");
        assertThat(Json.parse(out.toString()).path("status").asText()).isEqualTo("queued");
    }

    @Test
    void shouldSendNumbersAsJsonNumbersAndTextAsStrings_whenFieldsAreGiven() throws Exception {
        // Arrange
        JobsCommand.Submit submit = parsedSubmit("--model", "kling-v1.6-i2v-pro", "--provider", "kling", "--image", "https://img.test/a.jpg",
                "--prompt", "waves", "--duration", "5", "--guidance-scale", "0.5", "--timeout-seconds", "600",
                "--negative-prompt", "blur", "--webhook-url", "https://hooks.test/h", "--metadata", "{\"order\":42}",
                "--field", "seed=7", "--field", "enable_base64_output=true", "--field", "note=hello", "--field", "camera_control={\"type\":\"simple\"}");

        // Act
        ObjectNode body = submit.body((file, type, bytes) -> "upload:never", JobRequest.INLINE_LIMIT);

        // Assert
        assertThat(body.path("model").asText()).isEqualTo("kling-v1.6-i2v-pro");
        assertThat(body.path("provider").asText()).isEqualTo("kling");
        assertThat(body.path("image").asText()).isEqualTo("https://img.test/a.jpg");
        assertThat(body.path("duration").isInt()).isTrue();
        assertThat(body.path("duration").asInt()).isEqualTo(5);
        assertThat(body.path("guidance_scale").isNumber()).isTrue();
        assertThat(body.path("guidance_scale").asDouble()).isEqualTo(0.5);
        assertThat(body.path("timeout_seconds").isInt()).isTrue();
        assertThat(body.path("seed").isInt()).isTrue();
        assertThat(body.path("enable_base64_output").isBoolean()).isTrue();
        assertThat(body.path("note").isTextual()).isTrue();
        assertThat(body.path("camera_control").path("type").asText()).isEqualTo("simple");
        assertThat(body.path("metadata").path("order").asInt()).isEqualTo(42);
        assertThat(body.path("prompt").asText()).isEqualTo("waves");
        assertThat(body.has("aspect_ratio")).as("an option not given is not sent").isFalse();
    }

    @Test
    void shouldInlineTheFileAsADataUri_whenItIsBelowTheLimit() throws Exception {
        // Arrange
        Path image = sampleImage();
        List<Path> uploaded = new ArrayList<>();
        JobsCommand.Submit submit = parsedSubmit("--model", "kling-v1.6-i2v-pro", "--image", image.toString());

        // Act
        ObjectNode body = submit.body((file, type, bytes) -> {
            uploaded.add(file);
            return "upload:x";
        }, Files.size(image) + 1);

        // Assert
        assertThat(body.path("image").asText())
                .isEqualTo("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(image)));
        assertThat(uploaded).isEmpty();
    }

    @Test
    void shouldUploadTheFileAndSendItsReference_whenItIsAtOrAboveTheLimit() throws Exception {
        // Arrange
        Path image = sampleImage();
        List<String> uploaded = new ArrayList<>();
        JobsCommand.Submit submit = parsedSubmit("--model", "kling-v1.6-i2v-pro", "--image", image.toString(), "--end-image", image.toString());

        // Act
        ObjectNode body = submit.body((file, type, bytes) -> {
            uploaded.add(file + " " + type + " " + bytes);
            return "upload:u" + uploaded.size();
        }, Files.size(image));

        // Assert
        assertThat(body.path("image").asText()).isEqualTo("upload:u1");
        assertThat(body.path("end_image").asText()).isEqualTo("upload:u2");
        long size = Files.size(image);
        assertThat(uploaded).hasSize(2).allMatch(line -> line.equals(image + " image/jpeg " + size));
    }

    @Test
    void shouldUseTheDefaultLimitOfFourMebibytes_whenFilesAreInlinedOrUploaded() {
        // Assert: base64 of 4 MiB is 5.3 MiB, well below the API's 10 MiB body
        assertThat(JobRequest.INLINE_LIMIT).isEqualTo(4L * 1024 * 1024);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kling-v1.6-i2v-pro       | 2 | images",
        "kling-v1.6-multi-i2v-pro | 1 | images",
        "kling-v1.6-i2v-pro       | 1 | image",
        "some-future-model        | 1 | image",
    })
    void shouldPutTheImagesInTheFieldTheModelTakes_whenImagesAreGiven(String model, int count, String field) throws Exception {
        // Arrange
        List<String> args = new ArrayList<>(List.of("--model", model));
        for (int i = 0; i < count; i++) {
            args.addAll(List.of("--image", "https://img.test/" + i + ".jpg"));
        }
        JobsCommand.Submit submit = parsedSubmit(args.toArray(String[]::new));

        // Act
        ObjectNode body = submit.body((file, type, bytes) -> "upload:never", JobRequest.INLINE_LIMIT);

        // Assert
        assertThat(body.has(field)).isTrue();
        if (field.equals("images")) {
            assertThat(body.path("images").size()).isEqualTo(count);
            assertThat(body.path("images").get(0).asText()).isEqualTo("https://img.test/0.jpg");
            assertThat(body.has("image")).isFalse();
        }
    }

    @Test
    void shouldExitTwo_whenALocalImageIsNeitherJpegNorPng() throws Exception {
        // Arrange
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not an image");

        // Act
        int code = run("jobs", "submit", "--api-url", "http://127.0.0.1:9", "--model", "m", "--image", text.toString());

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("is not a JPEG or PNG file");
    }

    @Test
    void shouldExitThreeAndPrintTheApisError_whenTheApiRefuses() throws Exception {
        // Arrange
        String error = "{\"error\":{\"code\":\"job_finished\",\"message\":\"job is already succeeded\",\"field\":null}}";
        String url = apiAnswering(409, error, new ArrayList<>());

        // Act
        int human = run("jobs", "cancel", "--api-url", url, "j1");
        String humanErr = err.toString();
        int json = run("jobs", "cancel", "--api-url", url, "j1", "--json");

        // Assert
        assertThat(human).isEqualTo(3);
        assertThat(humanErr).contains("HTTP 409").contains("job_finished").contains("job is already succeeded");
        assertThat(json).isEqualTo(3);
        assertThat(Json.parse(err.toString()).path("error").path("code").asText()).isEqualTo("job_finished");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldExitThree_whenTheApiCannotBeReached() throws Exception {
        // Arrange: a port that was free a moment ago
        String url = apiAnswering(200, "{}", new ArrayList<>());
        server.stop(0);
        server = null;

        // Act
        int code = run("jobs", "get", "--api-url", url, "j1");

        // Assert
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("could not reach " + url);
    }

    @ParameterizedTest
    @CsvSource({"succeeded, 0", "failed, 1", "cancelled, 1", "expired, 1"})
    void shouldExitByTheFinalStatus_whenWaitingForAJobThatHasEnded(String status, int expected) throws Exception {
        // Arrange
        String url = apiAnswering(200, "{\"id\":\"j1\",\"status\":\"" + status + "\",\"model\":\"m\"}", new ArrayList<>());

        // Act
        int code = run("jobs", "wait", "--api-url", url, "j1", "--json");

        // Assert
        assertThat(code).isEqualTo(expected);
        JsonNode printed = Json.parse(out.toString());
        assertThat(printed.path("status").asText()).isEqualTo(status);
    }

    @Test
    void shouldExitOneAndKeepNoFile_whenADownloadDoesNotMatchItsSha256() throws Exception {
        // Arrange: the stand-in serves the job at /v1/jobs/j1 and "video bytes" at /file
        List<String> asked = new ArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        byte[] video = "video bytes".getBytes(StandardCharsets.UTF_8);
        String job = Json.write(Json.object().put("id", "j1").put("status", "succeeded").set("outputs", Json.array().add(Json.object()
                .put("url", base + "/file").put("key", "outputs/t/j1/video.mp4").put("bytes", video.length)
                .put("sha256", "00".repeat(32)).put("content_type", "video/mp4"))));
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            byte[] bytes = exchange.getRequestURI().getPath().equals("/file") ? video : job.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Path out = dir.resolve("out");

        // Act
        int code = run("jobs", "download", "--api-url", base, "j1", "--out", out.toString());

        // Assert
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("j1-video.mp4").contains("sha256");
        assertThat(asked).containsExactly("/v1/jobs/j1", "/file");
        try (var files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }
}

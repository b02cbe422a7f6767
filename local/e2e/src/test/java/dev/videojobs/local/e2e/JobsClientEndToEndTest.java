package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.cli.JobsCommand;
import dev.videojobs.local.cli.Main;
import dev.videojobs.local.sim.FaultPlan;
import dev.videojobs.local.stack.LocalStack;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jobs} command against the embedded stack's API, run in-process as the jar runs it (picocli's execute),
 * with its output captured and the API key passed as its environment.
 */
@ExtendWith(LocalStackExtension.class)
class JobsClientEndToEndTest {

    private static final String MODEL = "kling-v1.6-i2v-pro";

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int jobs(LocalStack stack, String... args) {
        return jobsAt(stack.apiUrl().toString(), args);
    }

    private int jobsAt(String apiUrl, String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "jobs";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.commandLine(Map.of(JobsCommand.API_KEY_VARIABLE, LocalStackExtension.KEY_A, JobsCommand.API_URL_VARIABLE, apiUrl))
                .setOut(new PrintWriter(stdout, true)).setErr(new PrintWriter(stderr, true)).execute(all);
        out = stdout.toString();
        err = stderr.toString();
        return code;
    }

    private Path sampleImageFile() throws Exception {
        Path file = dir.resolve("lighthouse.jpg");
        try (InputStream image = JobsClientEndToEndTest.class.getResourceAsStream("/sample/lighthouse.jpg")) {
            Files.write(file, image.readAllBytes());
        }
        return file;
    }

    /** One JSON document, and nothing else, on stdout. */
    private JsonNode onlyDocument() throws Exception {
        assertThat(out.strip().lines()).hasSize(1);
        return Json.parse(out);
    }

    private String submittedSucceededJob(LocalStack stack) throws Exception {
        int code = jobs(stack, "submit", "--model", MODEL, "--image", sampleImageFile().toString(), "--prompt", "client e2e lighthouse",
                "--duration", "5", "--guidance-scale", "0.5", "--wait", "--timeout", "2m", "--json");
        assertThat(code).as("stderr: %s", err).isZero();
        return onlyDocument().path("id").asText();
    }

    @Test
    void shouldPrintTheSucceededJobAndExitZero_whenSubmittingAndWaitingForAJob(LocalStack stack) throws Exception {
        // Act
        int code = jobs(stack, "submit", "--model", MODEL, "--image", sampleImageFile().toString(), "--prompt", "client e2e submit",
                "--duration", "5", "--metadata", "{\"order\":\"o-1\"}", "--idempotency-key", "cli-" + UUID.randomUUID(),
                "--wait", "--timeout", "2m", "--json");

        // Assert
        assertThat(code).as("stderr: %s", err).isZero();
        JsonNode job = onlyDocument();
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        assertThat(job.path("model").asText()).isEqualTo(MODEL);
        assertThat(job.path("outputs").size()).isEqualTo(1);
    }

    @Test
    void shouldWriteTheMp4WithItsSha256_whenDownloadingASucceededJob(LocalStack stack) throws Exception {
        // Arrange
        String id = submittedSucceededJob(stack);
        Path outDir = dir.resolve("videos");

        // Act
        int code = jobs(stack, "download", id, "--out", outDir.toString(), "--json");

        // Assert
        assertThat(code).as("stderr: %s", err).isZero();
        JsonNode summary = onlyDocument();
        assertThat(summary.path("files").size()).isEqualTo(1);
        JsonNode file = summary.path("files").get(0);
        Path written = Path.of(file.path("path").asText());
        assertThat(written).startsWith(outDir).hasExtension("mp4");
        byte[] bytes = Files.readAllBytes(written);
        assertThat(E2eJobs.sha256(bytes)).isEqualTo(file.path("sha256").asText());
        assertThat((long) bytes.length).isEqualTo(file.path("bytes").asLong());
        assertThat(new String(bytes, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).as("an MP4's ftyp box").isEqualTo("ftyp");
    }

    @Test
    void shouldShowAndListTheJob_whenItHasSucceeded(LocalStack stack) throws Exception {
        // Arrange
        String id = submittedSucceededJob(stack);

        // Act
        int got = jobs(stack, "get", id, "--json");
        JsonNode job = onlyDocument();
        int listed = jobs(stack, "list", "--status", "succeeded", "--limit", "100", "--json");
        JsonNode page = onlyDocument();
        int human = jobs(stack, "get", id);

        // Assert
        assertThat(got).isZero();
        assertThat(job.path("id").asText()).isEqualTo(id);
        assertThat(listed).isZero();
        assertThat(page.path("jobs").findValuesAsText("status")).containsOnly("succeeded");
        assertThat(page.path("jobs").findValuesAsText("id")).contains(id);
        assertThat(human).isZero();
        assertThat(out).startsWith(id + "  succeeded  " + MODEL);
    }

    @Test
    void shouldExitThreeWithTheApisJobFinishedCode_whenCancellingAFinishedJob(LocalStack stack) throws Exception {
        // Arrange
        String id = submittedSucceededJob(stack);

        // Act
        int code = jobs(stack, "cancel", id, "--json");

        // Assert
        assertThat(code).isEqualTo(3);
        assertThat(out).isEmpty();
        assertThat(Json.parse(err).path("error").path("code").asText()).isEqualTo("job_finished");
    }

    @Test
    void shouldExitThree_whenTheJobIdIsUnknown(LocalStack stack) {
        // Act
        int code = jobs(stack, "get", "job_" + UUID.randomUUID().toString().replace("-", ""));

        // Assert
        assertThat(code).isEqualTo(3);
        assertThat(err).contains("HTTP 404");
    }

    @Test
    void shouldExitTwoWithTheUsage_whenAnOptionIsUnknown(LocalStack stack) {
        // Act
        int code = jobs(stack, "list", "--colour", "red");

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err).contains("'--colour'").contains("Usage: video-jobs-local jobs list");
    }

    @Test
    void shouldExitOneWithTheFailedJob_whenWaitingForAJobThatFails(LocalStack stack) throws Exception {
        // Arrange: the simulator fails a task whose prompt carries the marker
        String marker = "cli-doomed-" + UUID.randomUUID();
        FaultPlan faults = stack.simulator().faults();
        String before = faults.getFailPromptsContaining();
        faults.setFailPromptsContaining(marker);
        try {
            int submitted = jobs(stack, "submit", "--model", MODEL, "--image", sampleImageFile().toString(),
                    "--prompt", "this one fails " + marker, "--json");
            assertThat(submitted).as("stderr: %s", err).isZero();
            String id = onlyDocument().path("id").asText();

            // Act
            int code = jobs(stack, "wait", id, "--timeout", "2m", "--json");

            // Assert
            assertThat(code).as("stderr: %s", err).isEqualTo(1);
            JsonNode job = onlyDocument();
            assertThat(job.path("status").asText()).isEqualTo("failed");
            assertThat(job.path("error").path("code").asText()).isNotBlank();
        } finally {
            faults.setFailPromptsContaining(before);
        }
    }

    @Test
    void shouldExitThree_whenTheApiCannotBeReached() throws Exception {
        // Arrange: a loopback port nothing listens on any more
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        // Act
        int code = jobsAt("http://127.0.0.1:" + port, "get", "job_x");

        // Assert
        assertThat(code).isEqualTo(3);
        assertThat(err).contains("could not reach");
    }
}

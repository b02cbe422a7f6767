package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.json.Json;
import dev.videojobs.local.sim.ProviderSimulator;
import dev.videojobs.local.sim.RecordedTask;
import dev.videojobs.local.sim.RecordedUpload;
import dev.videojobs.local.sim.SimulatorOptions;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack.RealProvider;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.aws.EmbeddedAws;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code serve --kling-url / --wavespeed-url}: a provider given a URL gets all its traffic there instead of the stack's
 * simulator. A second simulator on 127.0.0.1, with credentials of its own and tasks that finish at once, stands in for
 * the real provider. Each stack runs on embedded emulators of its own: two stacks on one set of queues would take each
 * other's messages.
 *
 * <p>A polled job's first check comes at the model's expected run time, 120 s at AWS timings: the polled stack is
 * checked on what it planned (no callback URL sent, the first check 120 s after the submit) rather than waited for; the
 * jobs that must finish run on stacks whose {@code --public-url} is their own API, which the stand-in calls back.
 */
class RealProviderEndToEndTest {

    private static final String API_KEY = "e2e-real-provider";
    private static final Duration JOB_DEADLINE = Duration.ofSeconds(30);

    private static ProviderSimulator standIn;
    private static LocalStack polled;
    private static LocalStack calledBack;
    private static EmbeddedAws presignedAws;
    private static LocalStack presigned;

    @BeforeAll
    static void start() throws IOException {
        standIn = ProviderSimulator.start(SimulatorOptions.defaults().withProcessingTime(Duration.ZERO)
                .withWaveSpeedApiKey("real-wavespeed-key").withKlingAccessKey("real-kling-ak").withKlingSecretKey("real-kling-sk"));
        polled = LocalStack.start(options(freePort(), Set.of(ProviderName.KLING), false));
        calledBack = LocalStack.start(options(freePort(), Set.of(ProviderName.KLING, ProviderName.WAVESPEED), true));
        // --public-s3-url: here the S3 endpoint itself, which the stand-in on this machine reaches as a tunnel would
        presignedAws = EmbeddedAws.start();
        presigned = LocalStack.start(options(freePort(), Set.of(ProviderName.WAVESPEED), true).withAws(presignedAws)
                .withPublicS3Url(presignedAws.s3Endpoint()));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {presigned, presignedAws, calledBack, polled, standIn}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                System.err.println("could not stop " + running + ": " + e);
            }
        }
    }

    @BeforeEach
    void forgetTasks() {
        standIn.reset();
        polled.simulator().reset();
        calledBack.simulator().reset();
        presigned.simulator().reset();
    }

    private static LocalStack.Options options(int port, Set<ProviderName> real, boolean withPublicUrl) {
        Map<ProviderName, RealProvider> providers = new EnumMap<>(ProviderName.class);
        for (ProviderName provider : real) {
            providers.put(provider, new RealProvider(standIn.baseUri(), switch (provider) {
                case WAVESPEED -> Map.of("WAVESPEED_API_KEY", "real-wavespeed-key",
                        "WAVESPEED_WEBHOOK_SECRET", standIn.options().waveSpeedWebhookSecret());
                case KLING -> Map.of("KLING_ACCESS_KEY", "real-kling-ak", "KLING_SECRET_KEY", "real-kling-sk");
            }));
        }
        LocalStack.Options options = LocalStack.Options.defaults().withPort(port).withApiKeys(Map.of(API_KEY, Tenants.tenantOf(API_KEY)))
                .withScheduleInterval(Duration.ofSeconds(1)).withRealProviders(providers);
        return withPublicUrl ? options.withPublicUrl(URI.create("http://127.0.0.1:" + port)) : options;
    }

    @Test
    void shouldSendKlingTheImageAsRawBase64AndPollAtAwsTimings_whenKlingHasAUrlAndNoPublicUrl() throws Exception {
        // Arrange
        ApiClient api = new ApiClient(polled.apiUrl(), API_KEY);

        // Act
        String jobId = submit(api, "kling", "kling polled");
        await("job " + jobId + " submitted").atMost(JOB_DEADLINE).ignoreExceptions()
                .until(() -> api.get("/v1/jobs/" + jobId).body().path("status").asText().equals("submitted"));

        // Assert: the stand-in has the task, with the image inline and no callback URL; the stack's simulator saw nothing
        RecordedTask task = onlyTask(standIn.tasks(), "kling");
        assertThat(task.externalTaskId()).isEqualTo(jobId);
        assertThat(task.request().path("image").asText()).isEqualTo(sampleImageBase64());
        assertThat(task.request().has("callback_url")).isFalse();
        assertThat(task.callbackUrl()).isNull();
        assertThat(polled.simulator().tasks()).isEmpty();
        // its waits are not shrunk: the first check is planned at the model's expected run time, 120 s, not 120 s x 0.05
        assertThat(polled.runtime().environment("PollFunction")).containsEntry("TIME_SCALE_KLING", "1").containsEntry("TIME_SCALE", "0.05")
                .containsEntry("INPUT_DELIVERY_KLING", "inline_base64").doesNotContainKey("CALLBACK_BASE_URL_KLING");
        Job stored = storedJob(polled, jobId);
        // next_check_at is kept in milliseconds
        Duration firstCheck = Duration.between(stored.submittedAt().orElseThrow().truncatedTo(ChronoUnit.MILLIS),
                Instant.ofEpochMilli(stored.nextCheckAt()));
        assertThat(firstCheck).isEqualTo(ProductModel.KLING_V16_I2V_PRO.expectedRunTime(5)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void shouldFinishTheJobFromTheCallback_whenKlingHasAUrlAndThePublicUrlIsGiven() throws Exception {
        // Arrange
        ApiClient api = new ApiClient(calledBack.apiUrl(), API_KEY);

        // Act
        String jobId = submit(api, "kling", "kling called back");
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);

        // Assert
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("succeeded");
        assertThat(job.path("outputs")).hasSize(1);
        RecordedTask task = onlyTask(standIn.tasks(), "kling");
        assertThat(task.request().path("image").asText()).isEqualTo(sampleImageBase64());
        assertThat(task.callbackUrl()).startsWith(calledBack.apiUrl() + "/v1/callbacks/kling/");
        assertThat(task.callbacksSent()).isPositive();
        assertThat(calledBack.simulator().tasks()).isEmpty();
    }

    @Test
    void shouldUploadTheImageToWaveSpeedAndSubmitItsDownloadUrl_whenWaveSpeedHasAUrl() throws Exception {
        // Arrange
        ApiClient api = new ApiClient(calledBack.apiUrl(), API_KEY);

        // Act
        String jobId = submit(api, "wavespeed", "wavespeed uploaded");
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);

        // Assert
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("succeeded");
        List<RecordedUpload> uploads = standIn.uploads();
        assertThat(uploads).hasSize(1);
        assertThat(uploads.get(0).sha256()).isEqualTo(E2eJobs.sha256(sampleImageBytes()));
        assertThat(uploads.get(0).contentType()).isEqualTo("image/jpeg");
        RecordedTask task = onlyTask(standIn.tasks(), "wavespeed");
        assertThat(task.request().path("image").asText()).isEqualTo(uploads.get(0).downloadUrl()).startsWith(standIn.baseUri().toString());
        assertThat(task.callbackUrl()).startsWith(calledBack.apiUrl() + "/v1/callbacks/wavespeed?token=");
        assertThat(calledBack.simulator().tasks()).isEmpty();
        assertThat(calledBack.simulator().uploads()).isEmpty();
    }

    @Test
    void shouldGiveWaveSpeedAPresignedUrlOnThePublicS3Address_whenItIsGiven() throws Exception {
        // Arrange
        ApiClient api = new ApiClient(presigned.apiUrl(), API_KEY);

        // Act
        String jobId = submit(api, "wavespeed", "wavespeed presigned");
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);

        // Assert
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("succeeded");
        assertThat(standIn.uploads()).isEmpty();
        String image = onlyTask(standIn.tasks(), "wavespeed").request().path("image").asText();
        assertThat(image).startsWith(presignedAws.s3Endpoint() + "/" + presigned.bucket() + "/inputs/").contains("X-Amz-Signature=");
        assertThat(presigned.runtime().environment("PollFunction")).containsEntry("INPUT_DELIVERY_WAVESPEED", "presigned_url");
    }

    private static String submit(ApiClient api, String provider, String prompt) throws Exception {
        String body = Json.write(Json.object().put("model", "kling-v1.6-i2v-pro").put("provider", provider)
                .put("image", E2eJobs.sampleImage()).put("prompt", prompt).put("duration", 5));
        ApiClient.Reply reply = api.post("/v1/jobs", body);
        assertThat(reply.status()).as("submit answered %s", reply.body()).isEqualTo(202);
        return reply.body().path("id").asText();
    }

    private static RecordedTask onlyTask(List<RecordedTask> tasks, String provider) {
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).provider()).isEqualTo(provider);
        return tasks.get(0);
    }

    private static Job storedJob(LocalStack stack, String jobId) {
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(stack.aws())) {
            return new DynamoJobStore(dynamo, stack.resources().tableName("JobsTable")).get(jobId).orElseThrow();
        }
    }

    private static byte[] sampleImageBytes() throws Exception {
        String dataUri = E2eJobs.sampleImage();
        return Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1));
    }

    private static String sampleImageBase64() throws Exception {
        return Base64.getEncoder().encodeToString(sampleImageBytes());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.videojobs.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.job.IdempotencyKeys;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.url.Fetched;
import dev.videojobs.core.url.OpenResponse;
import dev.videojobs.core.url.UrlFetcher;
import dev.videojobs.core.usecase.CancelJob;
import dev.videojobs.core.usecase.DeleteJob;
import dev.videojobs.core.usecase.ImageResolver;
import dev.videojobs.core.usecase.IssueUpload;
import dev.videojobs.core.usecase.ReadJobs;
import dev.videojobs.core.usecase.RedeliverNotification;
import dev.videojobs.core.usecase.RotateWebhookSecret;
import dev.videojobs.core.usecase.SubmitJob;
import dev.videojobs.json.Json;
import dev.videojobs.testing.InMemoryMediaStore;
import dev.videojobs.testing.InMemoryTenantRegistry;
import dev.videojobs.testing.InMemoryWebhookSecrets;
import dev.videojobs.testing.TestImages;
import dev.videojobs.testing.UnreachableAws;
import dev.videojobs.testing.WorkflowFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The API handler on the sample events: a valid submit on in-memory adapters, and requests refused before any I/O (so
 * unreachable AWS endpoints are fine). The registry knows the events' API key id, {@code tenant-demo}, as the key of
 * tenant {@code demo}.
 */
class ApiHandlerTest {

    private final InMemoryTenantRegistry tenants = InMemoryTenantRegistry.with("demo", "tenant-demo");
    private final ApiHandler handler = new ApiHandler(new SubmitComponents(new Config(UnreachableAws.ENVIRONMENT)).clientApi(tenants));

    @Test
    void shouldStoreTheJobAndQueueItsForward_whenTheSampleSubmitIsValid() throws Exception {
        // Arrange: the API on in-memory adapters; the sample's image URL serves the sample photo, every host is public
        WorkflowFixture fixture = new WorkflowFixture();
        InMemoryMediaStore media = new InMemoryMediaStore();
        AddressPolicy publicHosts = new AddressPolicy(false, Set.of(), host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")});
        Map<String, IdempotencyKeys.Reservation> reservations = new ConcurrentHashMap<>();
        IdempotencyKeys keys = (tenant, key, fingerprint, jobId) ->
                reservations.computeIfAbsent(tenant + "/" + key, k -> new IdempotencyKeys.Reservation(jobId, fingerprint, true));
        SubmitJob submit = new SubmitJob(new RequestValidator(Map.of(), 3600, 86400, publicHosts),
                new ImageResolver(new SamplePhotoServer(), media, "media"), media, fixture.jobs, keys, fixture.queue, fixture.clock, JobMetrics.NONE);
        ReadJobs reads = new ReadJobs(fixture.jobs);
        InMemoryWebhookSecrets secrets = InMemoryWebhookSecrets.with("whsec_dGVzdA==");
        ApiHandler inMemory = new ApiHandler(new ClientApi(submit, reads, new CancelJob(reads, fixture.useCases.steps),
                new RedeliverNotification(reads, fixture.useCases.steps), new DeleteJob(reads, fixture.jobs, media), new IssueUpload(media), secrets,
                new RotateWebhookSecret(secrets, Duration.ofHours(24), fixture.clock),
                new JobView(media), tenants));

        // Act
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inMemory.handleRequest(new ByteArrayInputStream(Json.write(event("events/api-submit-job.json")).getBytes()), out, null);
        JsonNode response = Json.parse(out.toByteArray());

        // Assert
        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        JsonNode job = Json.parse(response.path("body").asText());
        assertThat(job.path("status").asText()).isEqualTo("queued");
        assertThat(job.path("prompt").asText()).isEqualTo("the cat turns its head and smiles");
        var stored = fixture.job(job.path("id").asText());
        assertThat(stored.tenant()).isEqualTo("demo");
        assertThat(media.contains(stored.spec().inputs().get("image"))).isTrue();
        assertThat(fixture.sent(JobMessage.Action.FORWARD)).extracting(JobMessage::jobId).containsExactly(stored.id());
    }

    @Test
    void shouldAnswer400NamingTheField_whenGuidanceScaleIsOutOfRange() throws Exception {
        JsonNode response = invoke(event("events/api-submit-job-invalid.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        JsonNode error = Json.parse(response.path("body").asText()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_value");
        assertThat(error.path("field").asText()).isEqualTo("guidance_scale");
        assertThat(error.path("message").asText()).contains("0 to 1");
    }

    @Test
    void shouldAnswer400_whenBodyIsMalformedJson() throws Exception {
        ObjectNode event = event("events/api-submit-job.json");
        event.put("body", "{\"model\": ");

        JsonNode error = Json.parse(invoke(event).path("body").asText()).path("error");

        assertThat(error.path("code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void shouldAnswer413_whenBodyIsTooLarge() throws Exception {
        ObjectNode event = event("events/api-submit-job.json");
        event.put("body", "{\"prompt\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}");

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(413);
        assertThat(Json.parse(response.path("body").asText()).path("error").path("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void shouldAnswer401_whenTheEventCarriesNoApiKeyId() throws Exception {
        ObjectNode event = event("events/api-get-job.json");
        ((ObjectNode) event.path("requestContext").path("identity")).remove("apiKeyId");

        assertThat(invoke(event).path("statusCode").asInt()).isEqualTo(401);
    }

    @Test
    void shouldAnswer403AndTouchNothing_whenTheRegistryDoesNotKnowTheApiKey() throws Exception {
        ObjectNode event = event("events/api-submit-job.json");
        ((ObjectNode) event.path("requestContext").path("identity")).put("apiKeyId", "accepted-but-unregistered");

        JsonNode response = invoke(event);

        // a 403, not the 500 that reaching the unreachable AWS endpoints would give: nothing was stored or sent
        assertThat(response.path("statusCode").asInt()).isEqualTo(403);
        assertThat(Json.parse(response.path("body").asText()).path("error").path("code").asText()).isEqualTo("unknown_api_key");
    }

    @Test
    void shouldAnswer403_whenTheKeyWasRemovedFromItsTenant() throws Exception {
        tenants.removeKey("demo", "tenant-demo");

        JsonNode response = invoke(event("events/api-submit-job-invalid.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(403);
    }

    @Test
    void shouldAnswer400NamingTheField_whenListLimitIsOutOfRange() throws Exception {
        ObjectNode event = event("events/api-list-jobs.json");
        ((ObjectNode) event.path("queryStringParameters")).put("limit", "1000");

        JsonNode error = Json.parse(invoke(event).path("body").asText()).path("error");

        assertThat(error.path("field").asText()).isEqualTo("limit");
    }

    @Test
    void shouldAnswer400NamingTheHeader_whenIdempotencyKeyIsNotPrintableAscii() throws Exception {
        ObjectNode event = event("events/api-submit-job.json");
        ((ObjectNode) event.path("headers")).put("Idempotency-Key", "clé unique");

        JsonNode error = Json.parse(invoke(event).path("body").asText()).path("error");

        assertThat(error.path("field").asText()).isEqualTo("Idempotency-Key");
    }

    private JsonNode invoke(JsonNode event) throws Exception {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes()), response, null);
        return Json.parse(response.toByteArray());
    }

    /** The sample event file, exactly as sam local invoke -e reads it. */
    static ObjectNode event(String resource) throws Exception {
        try (InputStream in = ApiHandlerTest.class.getClassLoader().getResourceAsStream(resource)) {
            return (ObjectNode) Json.parse(in.readAllBytes());
        }
    }

    /** The sample image URL: answers with the repository's sample photo. */
    private static final class SamplePhotoServer implements UrlFetcher {

        @Override
        public Fetched fetchBytes(URI uri, long maxBytes) {
            return new Fetched(TestImages.sampleJpeg(), "image/jpeg");
        }

        @Override
        public OpenResponse open(URI uri) {
            throw new AssertionError("images are read whole");
        }

        @Override
        public Posted post(URI uri, Map<String, String> headers, byte[] body) {
            throw new AssertionError("the API posts nothing");
        }
    }
}

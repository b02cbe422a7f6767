package dev.videojobs.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.DynamoIdempotencyKeys;
import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.adapter.http.SafeHttpFetcher;
import dev.videojobs.adapter.lambda.ApiGatewayEvents;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.usecase.CancelJob;
import dev.videojobs.core.usecase.DeleteJob;
import dev.videojobs.core.usecase.ImageResolver;
import dev.videojobs.core.usecase.IssueUpload;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.core.usecase.ReadJobs;
import dev.videojobs.core.usecase.RedeliverNotification;
import dev.videojobs.core.usecase.RotateWebhookSecret;
import dev.videojobs.core.usecase.SubmitJob;
import dev.videojobs.json.Json;
import dev.videojobs.testing.HostileStrings;
import dev.videojobs.testing.InMemoryTenantRegistry;
import dev.videojobs.testing.InMemoryWebhookSecrets;
import dev.videojobs.testing.KeyCheckingDynamoDb;
import dev.videojobs.testing.WorkflowFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * No client input gives a 5xx: path parameters, query values, headers and upload bodies of every shape, through the
 * real handler code down to a Jobs table that refuses keys as DynamoDB does (any key it refuses would be a 500).
 */
class ClientApiHostileInputTest {

    private static final String TENANT = "tenant-hostile";
    private static final String[] UPLOAD_BODIES = {"{\"content_type\":\"image/png\",\"content_length\":%s}",
            "{\"content_type\":\"image/png\",\"content_length\":1,\"%s\":1}", "{\"content_type\":\"%s\",\"content_length\":10}", "%s"};

    private final ClientApi api;

    ClientApiHostileInputTest() {
        KeyCheckingDynamoDb dynamo = new KeyCheckingDynamoDb();
        JobStore jobs = new DynamoJobStore(dynamo, "jobs");
        Clock clock = Clock.systemUTC();
        MediaStore media = new PresigningMedia();
        WorkflowFixture.RecordingQueue queue = new WorkflowFixture.RecordingQueue();
        JobSteps steps = JobSteps.over(jobs, queue, clock, new Schedules(1.0), JobMetrics.NONE);
        ReadJobs reads = new ReadJobs(jobs);
        SubmitJob submit = new SubmitJob(new RequestValidator(Map.of(), 3600, 86400,
                new AddressPolicy(false, Set.of(), host -> { throw new UnknownHostException(host); })), new ImageResolver(new SafeHttpFetcher(), media, "media"),
                media, jobs, new DynamoIdempotencyKeys(dynamo, "keys", clock, Duration.ofDays(1)), queue, clock, JobMetrics.NONE);
        // no provider anywhere: nothing a bad request does can reach one
        InMemoryWebhookSecrets secrets = InMemoryWebhookSecrets.with("whsec_dGVzdA==");
        api = new ClientApi(submit, reads, new CancelJob(reads, steps), new RedeliverNotification(reads, steps), new DeleteJob(reads, jobs, media), new IssueUpload(media),
                secrets, new RotateWebhookSecret(secrets, Duration.ofHours(24), clock), new JobView(media),
                InMemoryTenantRegistry.with(TENANT, TENANT));
    }

    @Property(tries = 5000)
    void shouldAnswer404WithoutReachingTheStore_whenTheJobIdCannotBeOneOfOurs(@ForAll("routes") String resource,
            @ForAll("hostile") String id) throws Exception {
        ObjectNode event = event(resource.substring(0, resource.indexOf(' ')), resource.substring(resource.indexOf(' ') + 1));
        event.putObject("pathParameters").put("id", id);

        JsonNode response = invoke(event);

        int status = response.path("statusCode").asInt();
        assertThat(status).isLessThan(500);
        // a well-formed id of no job gets the same answer: nothing tells the two apart
        assertThat(status).isEqualTo(404);
        assertThat(Json.parse(response.path("body").asText()).path("error").path("message").asText()).isEqualTo("job not found");
    }

    @Property(tries = 5000)
    void shouldNeverAnswer5xx_whenListQueryValuesAreHostile(@ForAll("hostile") String status, @ForAll("hostile") String limit,
            @ForAll("hostile") String cursor, @ForAll("presence") int present) throws Exception {
        ObjectNode event = event("GET", "/v1/jobs");
        ObjectNode query = event.putObject("queryStringParameters");
        if ((present & 1) != 0) {
            query.put("status", status);
        }
        if ((present & 2) != 0) {
            query.put("limit", limit);
        }
        if ((present & 4) != 0) {
            query.put("cursor", cursor);
        }

        int answered = invoke(event).path("statusCode").asInt();

        assertThat(answered).isIn(200, 400);
    }

    @Property(tries = 5000)
    void shouldAnswer400WithoutReachingTheStore_whenTheCursorIsNotOneWeHandedOut(@ForAll("cursors") String cursor) throws Exception {
        ObjectNode event = event("GET", "/v1/jobs");
        event.putObject("queryStringParameters").put("cursor", cursor);

        JsonNode response = invoke(event);

        int status = response.path("statusCode").asInt();
        assertThat(status).isLessThan(500);
        if (status == 400) {
            assertThat(Json.parse(response.path("body").asText()).path("error").path("field").asText()).isEqualTo("cursor");
        }
    }

    @Property(tries = 5000)
    void shouldNeverAnswer5xx_whenUploadBodiesAndHeadersAreHostile(@ForAll("uploadBodies") String body, @ForAll("hostile") String header,
            @ForAll boolean submitJob) throws Exception {
        ObjectNode event = event("POST", submitJob ? "/v1/jobs" : "/v1/uploads").put("body", body);
        event.putObject("headers").put("Idempotency-Key", header).put("Content-Type", header).put("X-Anything", header);

        int answered = invoke(event).path("statusCode").asInt();

        assertThat(answered).isBetween(200, 499);
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("GET /v1/jobs/{id}", "POST /v1/jobs/{id}/cancel", "POST /v1/jobs/{id}/redeliver", "DELETE /v1/jobs/{id}");
    }

    @Provide
    Arbitrary<String> hostile() {
        return HostileStrings.values(TENANT);
    }

    @Provide
    Arbitrary<String> cursors() {
        return Arbitraries.oneOf(HostileStrings.cursors(TENANT), HostileStrings.values(TENANT));
    }

    @Provide
    Arbitrary<Integer> presence() {
        return Arbitraries.integers().between(0, 7);
    }

    @Provide
    Arbitrary<String> uploadBodies() {
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.of("18446744073709551617", "9223372036854775808", "-1", "0", "1e999999999",
                        "1e-999999999", "1e2147483648", "10485761", "4294967297", "1.5", "\"10\"", "null"),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30)).map(String::valueOf));
        return Arbitraries.oneOf(numbers.map(UPLOAD_BODIES[0]::formatted),
                HostileStrings.values(TENANT).map(value -> Json.write(Json.MAPPER.getNodeFactory().textNode(value))).map(quoted ->
                        UPLOAD_BODIES[1].formatted(quoted.substring(1, quoted.length() - 1))),
                HostileStrings.values(TENANT).map(value -> UPLOAD_BODIES[2].formatted(value)),
                HostileStrings.values(TENANT));
    }

    private JsonNode invoke(ObjectNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiGatewayEvents.handle(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, api::handle);
        return Json.parse(out.toByteArray());
    }

    private static ObjectNode event(String method, String resource) {
        ObjectNode event = Json.object().put("httpMethod", method).put("resource", resource);
        event.putObject("requestContext").putObject("identity").put("apiKeyId", TENANT);
        return event;
    }

    /** Presigns (all an upload needs); anything that would store or read media fails the test. */
    private static final class PresigningMedia implements MediaStore {
        @Override
        public URI presignGet(String key, Duration ttl) {
            return URI.create("https://s3.example/" + key);
        }

        @Override
        public URI presignPut(String key, String contentType, long contentLength, Duration ttl) {
            return URI.create("https://s3.example/" + key + "?put");
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            throw new AssertionError("nothing is stored for a bad request");
        }

        @Override
        public StoredObject copyIn(String key, InputStream in, long declaredLength) {
            throw new AssertionError("nothing is stored for a bad request");
        }

        @Override
        public Optional<byte[]> read(String key, long maxBytes) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectHead> head(String key) {
            return Optional.empty();
        }

        @Override
        public void delete(String key) {
            throw new AssertionError("nothing is deleted for a bad request");
        }
    }
}

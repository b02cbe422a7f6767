package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.aws.AwsClients;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Tenants come from the registry: a tenant's keys share its jobs; a tenant nobody registered gets no work done. */
@ExtendWith(LocalStackExtension.class)
class TenantsEndToEndTest {

    @Test
    void shouldShowTheSameJobAndSecretToBothKeys_whenATenantHasTwoKeys(LocalStack stack) throws Exception {
        ApiClient first = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        ApiClient second = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A_SECOND);
        ApiClient otherTenant = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B);
        String body = Json.write(Json.object().put("model", "kling-v1.6-i2v-pro").put("image", E2eJobs.sampleImage())
                .put("prompt", "two keys, one tenant"));

        ApiClient.Reply submitted = first.post("/v1/jobs", body);
        String jobId = submitted.body().path("id").asText();
        ApiClient.Reply readBySecond = second.get("/v1/jobs/" + jobId);
        ApiClient.Reply readByOther = otherTenant.get("/v1/jobs/" + jobId);

        assertThat(submitted.status()).isEqualTo(202);
        assertThat(readBySecond.status()).isEqualTo(200);
        assertThat(readBySecond.body().path("id").asText()).isEqualTo(jobId);
        assertThat(readByOther.status()).isEqualTo(404);
        assertThat(second.get("/v1/jobs?limit=100").body().path("jobs").findValuesAsText("id")).contains(jobId);
        assertThat(second.get("/v1/webhook/secret").body().path("secret").asText())
                .isEqualTo(first.get("/v1/webhook/secret").body().path("secret").asText());
    }

    @Test
    void shouldIssueANewSecretAndKeepTheOldOneValidForTheOverlap_whenATenantRotatesItsWebhookSecret(LocalStack stack) throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_LIST);
        String before = api.get("/v1/webhook/secret").body().path("secret").asText();

        // Act
        ApiClient.Reply rotated = api.post("/v1/webhook/secret/rotate", "");
        JsonNode after = api.get("/v1/webhook/secret").body();

        // Assert: the template's overlap is 24 hours
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body().path("secret").asText()).startsWith("whsec_").isNotEqualTo(before);
        assertThat(after.path("secret").asText()).isEqualTo(rotated.body().path("secret").asText());
        assertThat(Instant.parse(after.path("previous_valid_until").asText()))
                .isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B).get("/v1/webhook/secret").body().path("secret").asText())
                .as("another tenant's secret").isNotEqualTo(after.path("secret").asText());
    }

    @Test
    void shouldCreateNoJobAndSendNothingToTheProvider_whenARequestFileNamesAnUnregisteredTenant(LocalStack stack, S3Client s3)
            throws Exception {
        String tenant = "t-unregistered-" + UUID.randomUUID();
        String key = "requests/" + tenant + "/clip.json";
        String prompt = "billed to no one " + UUID.randomUUID();
        String request = Json.write(Json.object().put("model", "kling-v1.6-i2v-pro").put("image", E2eJobs.sampleImage())
                .put("prompt", prompt));
        String eTag = s3.putObject(put -> put.bucket(stack.bucket()).key(key), RequestBody.fromString(request)).eTag();

        // the stack's S3 watcher announces the file too; this invocation is the one the assertions can wait for
        stack.runtime().invoke("RequestFileFunction", requestFileEvent(stack.bucket(), key, eTag.replace("\"", "")));

        try (DynamoDbClient dynamo = AwsClients.dynamoDb(stack.aws())) {
            DynamoJobStore jobs = new DynamoJobStore(dynamo, stack.resources().tableName("JobsTable"));
            assertThat(jobs.list(tenant, Optional.empty(), 10, Optional.empty()).jobs()).isEmpty();
        }
        assertThat(simulatorTasks(stack).toString()).doesNotContain(prompt);
        assertThat(exists(s3, stack.bucket(), "results/" + tenant + "/clip.json")).isFalse();
        assertThat(exists(s3, stack.bucket(), key)).isTrue();
    }

    private static JsonNode simulatorTasks(LocalStack stack) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.simulator().baseUri() + "/__sim/tasks")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** The ObjectCreated event S3 sends for the file (keys form-URL-encoded). */
    private static S3Event requestFileEvent(String bucket, String key, String eTag) {
        S3EventNotification.S3BucketEntity bucketEntity = new S3EventNotification.S3BucketEntity(bucket,
                new S3EventNotification.UserIdentityEntity("LOCAL"), "arn:aws:s3:::" + bucket);
        S3EventNotification.S3ObjectEntity object = new S3EventNotification.S3ObjectEntity(
                URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"), 0L, eTag, null, "0");
        S3EventNotification.S3EventNotificationRecord record = new S3EventNotification.S3EventNotificationRecord("us-east-1",
                "ObjectCreated:Put", "aws:s3", Instant.now().toString(), "2.1", new S3EventNotification.RequestParametersEntity("127.0.0.1"),
                new S3EventNotification.ResponseElementsEntity("test", "test"),
                new S3EventNotification.S3Entity("RequestFile", bucketEntity, object, "1.0"), new S3EventNotification.UserIdentityEntity("AWS:LOCAL"));
        return new S3Event(List.of(record));
    }
}

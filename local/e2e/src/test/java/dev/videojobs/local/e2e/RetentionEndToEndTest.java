package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.aws.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Retention: an ended job's item carries its TTL; DELETE removes an ended job and its objects at once. */
@ExtendWith(LocalStackExtension.class)
class RetentionEndToEndTest {

    private static final Duration JOB_DEADLINE = Duration.ofMinutes(2);

    @Test
    void shouldExpireTheItemAfterTheRetentionThenDeleteTheJobAndItsObjects_whenTheClientDeletesIt(LocalStack stack, S3Client s3)
            throws Exception {
        // Arrange: a job that succeeded, its input and output in the bucket
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        String jobId = submit(api, "kept for the retention, then deleted");
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        String output = job.path("outputs").get(0).path("key").asText();
        Map<String, AttributeValue> item = item(stack, jobId);
        List<String> inputs = Json.parse(item.get("doc").s()).path("inputs").findValuesAsText("image");

        // Act
        ApiClient.Reply otherTenant = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B).delete("/v1/jobs/" + jobId);
        ApiClient.Reply deleted = api.delete("/v1/jobs/" + jobId);

        // Assert: TTL = finished + 30 days (the template's RetentionDays default), in epoch seconds
        long finished = Instant.parse(job.path("finished_at").asText()).getEpochSecond();
        assertThat(Long.parseLong(item.get("expires_at").n())).isEqualTo(finished + Duration.ofDays(30).toSeconds());
        assertThat(otherTenant.status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/v1/jobs/" + jobId).status()).isEqualTo(404);
        assertThat(item(stack, jobId)).isEmpty();
        for (String key : concat(inputs, output)) {
            assertThatThrownBy(() -> s3.headObject(head -> head.bucket(stack.bucket()).key(key)))
                    .as(key).isInstanceOf(NoSuchKeyException.class);
        }
    }

    @Test
    void shouldRefuseWithConflictAndKeepTheJob_whenItIsStillLive(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        // just accepted: queued, seconds from any end (the simulated model runs for seconds)
        String jobId = submit(api, "still running when deleted");

        ApiClient.Reply refused = api.delete("/v1/jobs/" + jobId);

        assertThat(refused.status()).as("%s", refused.body()).isEqualTo(409);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("job_not_finished");
        assertThat(api.get("/v1/jobs/" + jobId).status()).isEqualTo(200);
        api.post("/v1/jobs/" + jobId + "/cancel", "");
    }

    private static String submit(ApiClient api, String prompt) throws Exception {
        ApiClient.Reply submitted = api.post("/v1/jobs", Json.write(Json.object().put("model", "kling-v1.6-i2v-pro")
                .put("image", E2eJobs.sampleImage()).put("prompt", prompt)));
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(202);
        return submitted.body().path("id").asText();
    }

    private static Map<String, AttributeValue> item(LocalStack stack, String jobId) {
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(stack.aws())) {
            return dynamo.getItem(get -> get.tableName(stack.resources().tableName("JobsTable"))
                    .key(Map.of("pk", AttributeValue.fromS(jobId))).consistentRead(true)).item();
        }
    }

    private static List<String> concat(List<String> keys, String key) {
        return Stream.concat(keys.stream(), Stream.of(key)).toList();
    }
}

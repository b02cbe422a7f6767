package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import dev.videojobs.local.stack.aws.AwsClients;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack lets URLs reach loopback (its simulator, a developer's webhook receiver), but never its own
 * emulators or front door: an image URL at the SQS port would otherwise create a queue there.
 */
@ExtendWith(LocalStackExtension.class)
class LoopbackServicesEndToEndTest {

    static Stream<Arguments> services() {
        return Stream.of(Arguments.of("sqs"), Arguments.of("dynamodb"), Arguments.of("s3"), Arguments.of("api"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void shouldRefuseAndCreateNothing_whenImageUrlTargetsTheStacksOwnService(String service, LocalStack stack, S3Client s3)
            throws Exception {
        // Arrange: a GET that would create a queue if it reached ElasticMQ (and probes the other services likewise)
        String queue = "ssrf-image-" + service;
        String url = "http://127.0.0.1:" + port(stack, service) + "/?Action=CreateQueue&QueueName=" + queue;
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_CLEAN);

        // Act
        ApiClient.Reply reply = api.post("/v1/jobs", body(url, null));

        // Assert
        assertRefused(reply, "unsafe_url", "image");
        assertNothingCreated(stack, api, queue);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void shouldRefuseAndCreateNothing_whenWebhookUrlTargetsTheStacksOwnService(String service, LocalStack stack, S3Client s3)
            throws Exception {
        // Arrange
        String queue = "ssrf-webhook-" + service;
        String url = "http://localhost:" + port(stack, service) + "/?Action=CreateQueue&QueueName=" + queue;
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_CLEAN);

        // Act
        ApiClient.Reply reply = api.post("/v1/jobs", body(PipelineEndToEndTest.sampleImage(), url));

        // Assert
        assertRefused(reply, "invalid_value", "webhook_url");
        assertNothingCreated(stack, api, queue);
    }

    private static void assertRefused(ApiClient.Reply reply, String code, String field) {
        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.body().path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).contains("this stack's own services");
    }

    private static void assertNothingCreated(LocalStack stack, ApiClient api, String queue) throws Exception {
        try (SqsClient sqs = AwsClients.sqs(stack.aws())) {
            assertThat(sqs.listQueues(list -> list.queueNamePrefix(queue)).queueUrls()).isEmpty();
        }
        assertThat(api.get("/v1/jobs").body().path("jobs")).isEmpty();
        String tenant = Tenants.tenantOf(LocalStackExtension.KEY_CLEAN);
        assertThat(stack.simulator().tasks()).noneMatch(task -> task.request().toString().contains("/inputs/" + tenant + "/"));
    }

    private static int port(LocalStack stack, String service) {
        URI endpoint = switch (service) {
            case "sqs" -> stack.aws().sqsEndpoint();
            case "dynamodb" -> stack.aws().dynamoDbEndpoint();
            case "s3" -> stack.aws().s3Endpoint();
            default -> stack.apiUrl();
        };
        return endpoint.getPort();
    }

    private static String body(String image, String webhook) {
        var body = Json.object().put("model", "kling-v1.6-i2v-pro").put("image", image).put("prompt", "p");
        if (webhook != null) {
            body.put("webhook_url", webhook);
        }
        return Json.write(body);
    }
}

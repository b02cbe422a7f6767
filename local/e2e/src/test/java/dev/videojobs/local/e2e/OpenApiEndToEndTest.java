package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.videojobs.json.Json;
import dev.videojobs.local.cli.WebhookReceiver;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document, fetched from the running stack without an API key, describes the responses the stack really
 * gives: each real answer is validated against the schema the document declares for its route and status.
 */
@ExtendWith(LocalStackExtension.class)
class OpenApiEndToEndTest {

    private static final String BASE = "https://video-jobs.test/openapi.json";

    @Test
    void shouldServeTheDocumentWithoutAKeyAndDescribeEveryRealAnswer_whenAJobRunsItsCourse(LocalStack stack) throws Exception {
        // Arrange: the document as a client without a key gets it
        HttpResponse<String> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.apiUrl().resolve("/v1/openapi.json"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode document = Json.parse(fetched.body());
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(BASE, fetched.body())));
        Responses responses = new Responses(document, registry);
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String body = Json.write(Json.object().put("model", "kling-v1.6-i2v-pro").put("image", E2eJobs.sampleImage())
                    .put("prompt", "the document describes this").put("duration", 5).put("webhook_url", receiver.url("/hook").toString()));

            // Act / Assert: each answer against its route's declared response
            ApiClient.Reply submitted = api.post("/v1/jobs", body);
            responses.check("/v1/jobs", "post", submitted, 202);
            String jobId = submitted.body().path("id").asText();
            JsonNode ended = E2eJobs.awaitTerminal(api, jobId, Duration.ofSeconds(90));
            assertThat(ended.path("status").asText()).isEqualTo("succeeded");

            ApiClient.Reply got = api.get("/v1/jobs/" + jobId);
            responses.check("/v1/jobs/{id}", "get", got, 200);
            assertThat(got.body().path("outputs")).isNotEmpty();
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v1/jobs/" + jobId).body().path("webhook").has("delivered_at"));
            responses.check("/v1/jobs/{id}", "get", api.get("/v1/jobs/" + jobId), 200);
            responses.check("/v1/jobs", "get", api.get("/v1/jobs?limit=2"), 200);
            responses.check("/v1/jobs", "post", api.post("/v1/jobs", "{\"model\":\"kling-v1.6-i2v-pro\",\"colour\":\"red\"}"), 400);
            responses.check("/v1/jobs/{id}", "get", api.get("/v1/jobs/job-does-not-exist"), 404);
            responses.check("/v1/uploads", "post", api.post("/v1/uploads", "{\"content_type\":\"image/png\",\"content_length\":1024}"), 201);
            responses.check("/v1/webhook/secret", "get", api.get("/v1/webhook/secret"), 200);
            responses.check("/v1/jobs/{id}/cancel", "post", api.post("/v1/jobs/" + jobId + "/cancel", ""), 409);
            responses.check("/v1/jobs/{id}/redeliver", "post", api.post("/v1/jobs/" + jobId + "/redeliver", ""), 202);

            // the webhook we sent: its body and its Standard Webhooks headers, as the document's webhooks entry says
            await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.deliveries().isEmpty());
            WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
            JsonNode webhook = document.path("webhooks").path("jobEnded").path("post");
            assertThat(responses.errors(webhook.path("requestBody").path("content").path("application/json").path("schema"),
                    Json.parse(delivery.body()))).isEmpty();
            for (JsonNode header : webhook.path("parameters")) {
                String value = delivery.header(header.path("name").asText());
                assertThat(value).as(header.path("name").asText()).isNotNull();
                assertThat(responses.errors(header.path("schema"), Json.MAPPER.getNodeFactory().textNode(value))).as(value).isEmpty();
            }

            // deleting the ended job: 204, no body
            assertThat(responses.declared("/v1/jobs/{id}", "delete", 204).has("content")).isFalse();
            assertThat(api.delete("/v1/jobs/" + jobId).status()).isEqualTo(204);
            responses.check("/v1/jobs/{id}", "get", api.get("/v1/jobs/" + jobId), 404);
        }
    }

    /** The document's declared responses, and real replies checked against them. */
    private record Responses(JsonNode document, SchemaRegistry registry) {

        void check(String path, String method, ApiClient.Reply reply, int expectedStatus) {
            assertThat(reply.status()).as(method + " " + path + ": " + reply.body()).isEqualTo(expectedStatus);
            JsonNode schema = declared(path, method, reply.status()).path("content").path("application/json").path("schema");
            assertThat(schema.isMissingNode()).as(method + " " + path + " " + reply.status() + " declares a JSON body").isFalse();
            assertThat(errors(schema, reply.body())).as(method + " " + path + " " + reply.status() + ": " + reply.body()).isEmpty();
        }

        /** The response object for a status, following a $ref into components.responses. */
        JsonNode declared(String path, String method, int status) {
            JsonNode responses = document.path("paths").path(path).path(method).path("responses");
            JsonNode response = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status))
                    : responses.path(status / 100 + "XX");
            assertThat(response.isMissingNode()).as(method + " " + path + " declares " + status).isFalse();
            if (response.has("$ref")) {
                response = document.at(response.get("$ref").asText().substring(1));
            }
            return response;
        }

        /** Errors of an instance against a schema of the document ($refs resolve within the document). */
        List<Error> errors(JsonNode schema, JsonNode instance) {
            Schema compiled = schema.has("$ref") && schema.size() == 1
                    ? registry.getSchema(SchemaLocation.of(BASE + schema.get("$ref").asText()))
                    : registry.getSchema(SchemaLocation.of(BASE + "#" + pointerTo(schema)));
            return compiled.validate(instance, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        }

        /** Where a node sits in the document, as a JSON pointer (so that its $refs resolve against the document). */
        private String pointerTo(JsonNode target) {
            String found = find(document, target, "");
            assertThat(found).as("schema is part of the document").isNotNull();
            return found;
        }

        private static String find(JsonNode node, JsonNode target, String pointer) {
            if (node == target) {
                return pointer;
            }
            if (node.isObject()) {
                for (var it = node.fields(); it.hasNext();) {
                    var field = it.next();
                    String found = find(field.getValue(), target, pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"));
                    if (found != null) {
                        return found;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String found = find(node.get(i), target, pointer + "/" + i);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
    }
}

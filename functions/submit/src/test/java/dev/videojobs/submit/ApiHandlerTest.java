package dev.videojobs.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.config.Config;
import dev.videojobs.json.Json;
import dev.videojobs.testing.InMemoryTenantRegistry;
import dev.videojobs.testing.UnreachableAws;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The API handler on the sample events: requests refused before any I/O (so unreachable AWS endpoints are fine). The
 * registry knows the events' API key id, {@code tenant-demo}, as the key of tenant {@code demo}.
 */
class ApiHandlerTest {

    private final InMemoryTenantRegistry tenants = InMemoryTenantRegistry.with("demo", "tenant-demo");
    private final ApiHandler handler = new ApiHandler(new SubmitComponents(new Config(UnreachableAws.ENVIRONMENT)).clientApi(tenants));

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

}

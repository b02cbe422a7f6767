package dev.videojobs.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.videojobs.adapter.lambda.ApiRequest;
import dev.videojobs.adapter.lambda.ApiResponse;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document in this function's artifact is a valid OpenAPI 3.1 document: it passes the OpenAPI
 * Initiative's published 3.1 schema, every {@code $ref} resolves, every schema in it is a valid JSON Schema 2020-12
 * schema, and its request schemas hold the validator's limits. It is served without an API key.
 */
class OpenApiDocumentTest {

    private static final String BASE = "https://video-jobs.test/openapi.json";
    /** The published OpenAPI 3.1 document schema (spec.openapis.org/oas/3.1/schema/2022-10-07), a test resource. */
    private static final String OAS_31 = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private final String text = resource("/openapi.json");
    private final JsonNode document = read(text);
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(Map.of(BASE, text, OAS_31, resource("/openapi-3.1-schema-2022-10-07.json"))));

    @Test
    void shouldPassTheOpenApi31Schema_whenTheDocumentIsValidated() {
        // Act
        List<Error> errors = validate(registry.getSchema(SchemaLocation.of(OAS_31)), document);

        // Assert
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("jsonSchemaDialect").asText()).isEqualTo(DRAFT_2020_12);
        assertThat(errors).isEmpty();
        // and the check bites: an operation without responses, an unknown top-level field
        ObjectNode broken = document.deepCopy();
        ((ObjectNode) broken.path("paths").path("/v1/jobs").path("get")).remove("responses");
        broken.put("x_unknown", true);
        assertThat(validate(registry.getSchema(SchemaLocation.of(OAS_31)), broken)).isNotEmpty();
    }

    @Test
    void shouldResolveEveryReference_whenTheDocumentIsWalked() {
        // Arrange
        List<String> refs = new ArrayList<>();
        collect(document, "$ref", ref -> refs.add(ref.asText()));

        // Assert: only references into this document, and each points at something
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
    }

    @Test
    void shouldHoldOnlyValidJsonSchemas_whenEverySchemaIsCheckedAgainstDraft202012() {
        // Arrange: every Schema Object: components.schemas and each "schema" of a parameter, header or media type
        List<JsonNode> schemas = new ArrayList<>();
        document.path("components").path("schemas").forEach(schemas::add);
        collect(document, "schema", schemas::add);
        Schema metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));

        // Act / Assert
        assertThat(schemas).hasSizeGreaterThan(20).allSatisfy(schema -> assertThat(validate(metaSchema, schema)).as(schema.toString()).isEmpty());
        // and each component compiles and can be applied
        document.path("components").path("schemas").fieldNames().forEachRemaining(name ->
                assertThat(schemaAt("/components/schemas/" + name).validate(Json.object())).isNotNull());
    }

    @Test
    void shouldHoldTheValidatorsLimits_whenJobRequestsAreCheckedAgainstTheRequestSchema() {
        // Arrange
        Schema request = schemaAt("/components/schemas/JobRequest");
        String ok = "{\"model\":\"kling-v1.6-i2v-pro\",\"image\":\"upload:abcdefgh\",\"prompt\":\"" + "p".repeat(2500)
                + "\",\"guidance_scale\":0.5,\"duration\":\"10\",\"timeout_seconds\":86400,\"metadata\":{\"a\":1},\"provider\":null}";

        // Act / Assert
        assertThat(validate(request, read(ok))).isEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v1.6-i2v-pro\",\"prompt\":\"" + "p".repeat(2501) + "\"}"))).isNotEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v2\"}"))).isNotEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v1.6-i2v-pro\",\"guidance_scale\":1.5}"))).isNotEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v1.6-i2v-pro\",\"duration\":7}"))).isNotEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v1.6-i2v-pro\",\"aspect_ratio\":\"4:3\"}"))).isNotEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v1.6-i2v-pro\",\"timeout_seconds\":59}"))).isNotEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v1.6-i2v-pro\",\"images\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"))).isNotEmpty();
        assertThat(validate(request, read("{\"model\":\"kling-v1.6-i2v-pro\",\"colour\":\"red\"}"))).isNotEmpty();
        Schema job = schemaAt("/components/schemas/Job");
        String view = "{\"id\":\"j\",\"status\":\"queued\",\"model\":\"kling-v1.6-i2v-pro\",\"provider\":\"kling\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"source\":{\"type\":\"api\"},"
                + "\"deadline_at\":\"2026-01-01T01:00:00Z\",\"outputs\":[]";
        assertThat(validate(job, read(view + "}"))).isEmpty();
        assertThat(validate(job, read(view + ",\"undocumented\":1}"))).as("a field the document does not name").isNotEmpty();
        assertThat(validate(job, read(view.replace("2026-01-01T01:00:00Z", "soon") + "}"))).as("formats are asserted").isNotEmpty();
        Schema upload = schemaAt("/components/schemas/UploadRequest");
        assertThat(validate(upload, read("{\"content_type\":\"image/png\",\"content_length\":10485760}"))).isEmpty();
        assertThat(validate(upload, read("{\"content_type\":\"image/gif\",\"content_length\":10485761}"))).hasSize(2);
    }

    @Test
    void shouldServeTheDocumentWithoutAnyTenant_whenNoApiKeyCameWithTheRequest() {
        // Arrange: nothing behind the API; a tenant lookup would fail
        ClientApi api = new ClientApi(null, null, null, null, null, null, null, null, null, null);

        // Act
        ApiResponse response = api.handle(new ApiRequest("GET", "/v1/openapi.json", null, null, null, null, null));

        // Assert
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(document);
    }

    private Schema schemaAt(String pointer) {
        return registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
    }

    private static List<Error> validate(Schema schema, JsonNode instance) {
        return schema.validate(instance, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    /** Every value under {@code key} anywhere in the tree (not looking inside a found value for more of the same key). */
    private static void collect(JsonNode node, String key, Consumer<JsonNode> sink) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals(key)) {
                    sink.accept(field.getValue());
                } else {
                    collect(field.getValue(), key, sink);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, key, sink));
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

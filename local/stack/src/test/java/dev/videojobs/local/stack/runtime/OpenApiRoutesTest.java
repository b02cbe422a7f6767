package dev.videojobs.local.stack.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.IntrinsicResolver;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document (openapi.json in the submit function's artifact) and template.yaml name the same routes, with the
 * same API key requirement: a route added to one and not the other fails here.
 */
class OpenApiRoutesTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void shouldDescribeExactlyTheTemplatesRoutes_whenTheDocumentIsComparedWithTemplateYaml() throws Exception {
        // Arrange
        Map<String, Boolean> template = templateRoutes();
        Map<String, Boolean> document = documentRoutes();

        // Assert: method + path, and whether an API key is needed (x-api-key), on both sides alike
        assertThat(template).hasSizeGreaterThanOrEqualTo(12).containsKey("GET /v1/openapi.json");
        assertThat(document).isEqualTo(template);
        assertThat(template.get("GET /v1/openapi.json")).as("the document is public").isFalse();
        assertThat(template.get("POST /v1/jobs")).isTrue();
    }

    /** Each Api event of every function: its method and path, and its key requirement as the front door reads it. */
    private static Map<String, Boolean> templateRoutes() {
        CloudFormationTemplate template = CloudFormationTemplate.load(AwsEnvironment.templatePath());
        IntrinsicResolver resolver = new IntrinsicResolver(template, "us-east-1", "000000000000", IntrinsicResolver.ResourceLookup.none());
        Map<String, Boolean> routes = new TreeMap<>();
        for (FunctionDefinition function : FunctionDefinition.all(template, resolver, Set.of("PROVIDER_SECRET_ARN"))) {
            for (FunctionDefinition.EventDefinition event : function.events()) {
                if (!event.type().equals("Api")) {
                    continue;
                }
                Map<String, Object> p = event.properties();
                // the API's Auth.ApiKeyRequired, unless the event's own Auth says otherwise (as LocalLambdaRuntime reads it)
                boolean keyRequired = false;
                Map<String, Object> restApi = FunctionDefinition.asMap(p.get("RestApiId"));
                if (restApi != null && restApi.get("Ref") instanceof String apiId) {
                    Map<String, Object> auth = template.resource(apiId).map(r -> FunctionDefinition.asMap(r.properties().get("Auth"))).orElse(null);
                    keyRequired = auth != null && Boolean.parseBoolean(String.valueOf(resolver.resolve(auth.get("ApiKeyRequired"))));
                }
                Map<String, Object> auth = FunctionDefinition.asMap(p.get("Auth"));
                if (auth != null && auth.containsKey("ApiKeyRequired")) {
                    keyRequired = Boolean.parseBoolean(String.valueOf(resolver.resolve(auth.get("ApiKeyRequired"))));
                }
                String route = resolver.resolveString(p.get("Method")).toUpperCase(Locale.ROOT) + " " + resolver.resolveString(p.get("Path"));
                assertThat(routes.put(route, keyRequired)).as("route declared twice: " + route).isNull();
            }
        }
        return routes;
    }

    /** Each operation under paths: whether it requires the ApiKey scheme (its own security, else the document's). */
    private static Map<String, Boolean> documentRoutes() throws Exception {
        JsonNode document;
        try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the classpath (the submit function's artifact)").isNotNull();
            document = new ObjectMapper().readTree(in);
        }
        assertThat(document.path("components").path("securitySchemes").path("ApiKey").toString())
                .isEqualTo("{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"x-api-key\","
                        + "\"description\":\"An API Gateway API key that the operator registered to a tenant.\"}");
        Map<String, Boolean> routes = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (METHODS.contains(operation.getKey())) {
                JsonNode security = operation.getValue().has("security") ? operation.getValue().get("security") : document.path("security");
                boolean keyRequired = !security.isEmpty();
                if (keyRequired) {
                    assertThat(security.toString()).as(path.getKey()).isEqualTo("[{\"ApiKey\":[]}]");
                }
                routes.put(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), keyRequired);
            }
        }));
        return routes;
    }
}

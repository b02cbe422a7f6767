package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the API gateway refuses before any function runs answer in the API's error shape,
 * {@code {"error": {"code", "message"}}}, with the codes template.yaml's GatewayResponses give them.
 */
@ExtendWith(LocalStackExtension.class)
class GatewayErrorsEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JOB = "{\"model\":\"kling-v1.6-i2v-pro\",\"image\":\"upload:x\",\"prompt\":\"p\"}";

    static Stream<Arguments> refusedRequests() {
        String tooLarge = "{\"model\":\"kling-v1.6-i2v-pro\",\"prompt\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        return Stream.of(
                Arguments.of("missing API key", "POST", "/v1/jobs", null, JOB, 403, "invalid_api_key"),
                Arguments.of("unknown API key", "POST", "/v1/jobs", "not-a-key", JOB, 403, "invalid_api_key"),
                Arguments.of("body over 10 MiB", "POST", "/v1/jobs", LocalStackExtension.KEY_CLEAN, tooLarge, 413,
                        "body_too_large"),
                Arguments.of("unknown path", "GET", "/v1/nothing", LocalStackExtension.KEY_CLEAN, null, 404, "not_found"),
                Arguments.of("unknown method", "DELETE", "/v1/jobs", LocalStackExtension.KEY_CLEAN, null, 404,
                        "not_found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void shouldAnswerInTheApiErrorShape_whenGatewayRefusesTheRequest(String reason, String method, String path,
                                                                     String apiKey, String body, int status,
                                                                     String code, LocalStack stack) throws Exception {
        // Arrange
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }

        // Act
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode answer = Json.parse(response.body());
        assertThat(answer.fieldNames()).toIterable().containsExactly("error");
        assertThat(answer.path("error").fieldNames()).toIterable().containsExactly("code", "message");
        assertThat(answer.at("/error/code").asText()).isEqualTo(code);
        assertThat(answer.at("/error/message").asText()).isNotBlank();
    }
}

package dev.videojobs.local.stack.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.IntrinsicResolver;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** template.yaml's GatewayResponses, as the local front door (and so API Gateway) renders them. */
class GatewayResponsesTest {

    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.load(AwsEnvironment.templatePath());
    private static final GatewayResponses RESPONSES = GatewayResponses.of(TEMPLATE, resolver(TEMPLATE));

    private static IntrinsicResolver resolver(CloudFormationTemplate template) {
        return new IntrinsicResolver(template, "us-east-1", "123456789012", new IntrinsicResolver.ResourceLookup() {
            @Override
            public Optional<String> ref(String logicalId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> getAtt(String logicalId, String attribute) {
                return Optional.empty();
            }
        });
    }

    /** Every gateway response type API Gateway has, with its default status (DEFAULT_4XX/5XX: any of theirs). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ACCESS_DENIED, 403", "API_CONFIGURATION_ERROR, 500", "AUTHORIZER_CONFIGURATION_ERROR, 500",
            "AUTHORIZER_FAILURE, 500", "BAD_REQUEST_PARAMETERS, 400", "BAD_REQUEST_BODY, 400", "DEFAULT_4XX, 400",
            "DEFAULT_5XX, 500", "EXPIRED_TOKEN, 403", "INTEGRATION_FAILURE, 504", "INTEGRATION_TIMEOUT, 504",
            "INVALID_API_KEY, 403", "INVALID_SIGNATURE, 403", "MISSING_AUTHENTICATION_TOKEN, 403",
            "QUOTA_EXCEEDED, 429", "REQUEST_TOO_LARGE, 413", "RESOURCE_NOT_FOUND, 404", "THROTTLED, 429",
            "UNAUTHORIZED, 401", "UNSUPPORTED_MEDIA_TYPE, 415", "WAF_FILTERED, 403"})
    void shouldAnswerInTheApiErrorShape_whenApiGatewayItselfRefusesARequest(String type, int defaultStatus)
            throws Exception {
        // Arrange
        GatewayResponses.Type error = new GatewayResponses.Type(type, defaultStatus, "SomeException", "Some message");

        // Act
        GatewayResponses.Answer answer = RESPONSES.answer(error, "req-1");

        // Assert
        JsonNode body = Json.parse(answer.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        assertThat(body.path("error").fieldNames()).toIterable().containsExactly("code", "message");
        assertThat(body.at("/error/code").asText()).matches("[a-z][a-z_]*[a-z]");
        assertThat(body.at("/error/message").isTextual()).isTrue();
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(answer.status() / 100).isEqualTo(defaultStatus / 100);
        assertThat(answer.headers()).containsEntry("x-amzn-ErrorType", "SomeException");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "REQUEST_TOO_LARGE, 413, 413, body_too_large",
            "INVALID_API_KEY, 403, 403, invalid_api_key",
            "MISSING_AUTHENTICATION_TOKEN, 403, 404, not_found",
            "THROTTLED, 429, 429, throttled",
            "QUOTA_EXCEEDED, 429, 429, quota_exceeded",
            "ACCESS_DENIED, 403, 403, access_denied",
            "BAD_REQUEST_BODY, 400, 400, invalid_json",
            "INTEGRATION_TIMEOUT, 504, 504, timeout",
            "DEFAULT_5XX, 502, 502, internal_error",
            "UNSUPPORTED_MEDIA_TYPE, 415, 415, bad_request"})
    void shouldAnswerItsStableCode_whenGatewayRefusesForThisReason(String type, int defaultStatus, int status,
                                                                   String code) throws Exception {
        // Arrange
        GatewayResponses.Type error = new GatewayResponses.Type(type, defaultStatus, "SomeException", "Some message");

        // Act
        GatewayResponses.Answer answer = RESPONSES.answer(error, "req-1");

        // Assert
        assertThat(answer.status()).isEqualTo(status);
        assertThat(Json.parse(answer.body()).at("/error/code").asText()).isEqualTo(code);
    }

    @Test
    void shouldQuoteApiGatewaysMessage_whenTemplateUsesMessageString() throws Exception {
        // Arrange
        GatewayResponses.Type error = new GatewayResponses.Type("BAD_REQUEST_PARAMETERS", 400, "BadRequestException",
                "Missing \"x\" \\ header");

        // Act
        GatewayResponses.Answer answer = RESPONSES.answer(error, "req-1");

        // Assert
        assertThat(Json.parse(answer.body()).at("/error/message").asText()).isEqualTo("Missing \"x\" \\ header");
    }

    @Test
    void shouldAnswerApiGatewaysBuiltInMessage_whenTemplateDeclaresNoGatewayResponses() throws Exception {
        // Arrange
        GatewayResponses none = GatewayResponses.none();

        // Act
        GatewayResponses.Answer answer = none.answer(GatewayResponses.Type.MISSING_AUTHENTICATION_TOKEN, "req-1");

        // Assert
        assertThat(answer.status()).isEqualTo(403);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(answer.headers()).containsEntry("x-amzn-ErrorType", "MissingAuthenticationTokenException");
    }

    @Test
    void shouldRefuseTheTemplate_whenAResponseUsesAVariableTheFrontDoorCannotRender() {
        // Arrange
        CloudFormationTemplate template = CloudFormationTemplate.parse(String.join("\n",
                "Resources:",
                "  Api:",
                "    Type: AWS::Serverless::Api",
                "    Properties:",
                "      GatewayResponses:",
                "        DEFAULT_4XX:",
                "          ResponseTemplates:",
                "            application/json: '{\"error\":{\"code\":\"x\",\"message\":\"$context.authorizer.reason\"}}'"),
                "test");

        // Act, Assert
        assertThatThrownBy(() -> GatewayResponses.of(template, resolver(template)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Api.GatewayResponses.DEFAULT_4XX")
                .hasMessageContaining("$context.authorizer.reason");
    }

    @Test
    void shouldUseStaticHeadersAndStatusCode_whenEntryDeclaresThem() throws Exception {
        // Arrange
        CloudFormationTemplate template = CloudFormationTemplate.parse(String.join("\n",
                "Resources:",
                "  Api:",
                "    Type: AWS::Serverless::Api",
                "    Properties:",
                "      GatewayResponses:",
                "        THROTTLED:",
                "          StatusCode: 503",
                "          ResponseParameters: { Headers: { Retry-After: \"'1'\" } }",
                "          ResponseTemplates:",
                "            application/json: '{\"error\":{\"code\":\"throttled\",\"message\":\"slow down\",\"request\":\"$context.requestId\"}}'"),
                "test");
        GatewayResponses responses = GatewayResponses.of(template, resolver(template));

        // Act
        GatewayResponses.Answer answer = responses.answer(
                new GatewayResponses.Type("THROTTLED", 429, "TooManyRequestsException", "Too Many Requests"), "req-7");

        // Assert
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsEntry("Retry-After", "1");
        assertThat(Json.parse(answer.body()).at("/error/request").asText()).isEqualTo("req-7");
        assertThat(answer.headers()).containsKey("x-amzn-ErrorType");
    }
}

package dev.videojobs.local.stack.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalAwsEndpointsTest {

    @Test
    void shouldUseOneUrlForEveryService_whenBuiltFromEnvironment() {
        // Arrange
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://localhost:4566", "AWS_DEFAULT_REGION", "eu-west-1");

        // Act
        ExternalAwsEndpoints endpoints = ExternalAwsEndpoints.fromEnvironment(env);

        // Assert
        assertThat(endpoints.dynamoDbEndpoint()).isEqualTo(URI.create("http://localhost:4566"));
        assertThat(endpoints.sqsEndpoint()).isEqualTo(endpoints.s3Endpoint());
        assertThat(endpoints.region()).isEqualTo("eu-west-1");
        assertThat(endpoints.accessKeyId()).isEqualTo("test");
        assertThat(endpoints.environment()).containsEntry("AWS_ENDPOINT_URL_SQS", "http://localhost:4566")
                .containsEntry("AWS_REGION", "eu-west-1").containsEntry("AWS_S3_FORCE_PATH_STYLE", "true");
    }

    @Test
    void shouldRefuse_whenEndpointUrlMissing() {
        // Arrange
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1");

        // Act / Assert
        assertThatThrownBy(() -> ExternalAwsEndpoints.fromEnvironment(env)).hasMessageContaining("AWS_ENDPOINT_URL");
    }
}

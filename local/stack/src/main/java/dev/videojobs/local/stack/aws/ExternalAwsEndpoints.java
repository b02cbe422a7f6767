package dev.videojobs.local.stack.aws;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/** One URL for all services, as LocalStack or moto server offer. */
public record ExternalAwsEndpoints(URI endpoint, String region, String accessKeyId, String secretAccessKey)
        implements AwsEndpoints {

    public ExternalAwsEndpoints {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /**
     * From AWS_ENDPOINT_URL (required), AWS_REGION or AWS_DEFAULT_REGION (else us-east-1), AWS_ACCESS_KEY_ID and
     * AWS_SECRET_ACCESS_KEY (else "test"/"test", what LocalStack and moto accept).
     */
    public static ExternalAwsEndpoints fromEnvironment(Map<String, String> env) {
        String url = env.get("AWS_ENDPOINT_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("AWS_ENDPOINT_URL is not set");
        }
        String region = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), EmbeddedAws.REGION);
        return new ExternalAwsEndpoints(URI.create(url.trim()), region,
                firstNonBlank(env.get("AWS_ACCESS_KEY_ID"), "test"),
                firstNonBlank(env.get("AWS_SECRET_ACCESS_KEY"), "test"));
    }

    @Override
    public URI dynamoDbEndpoint() {
        return endpoint;
    }

    @Override
    public URI sqsEndpoint() {
        return endpoint;
    }

    @Override
    public URI s3Endpoint() {
        return endpoint;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}

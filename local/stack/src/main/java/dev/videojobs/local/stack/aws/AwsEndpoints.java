package dev.videojobs.local.stack.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the three AWS services used by video-jobs answer, and with which credentials: the embedded emulators
 * ({@link EmbeddedAws}), or one external endpoint for all services such as LocalStack or moto server
 * ({@link ExternalAwsEndpoints}).
 */
public interface AwsEndpoints {

    URI dynamoDbEndpoint();

    URI sqsEndpoint();

    URI s3Endpoint();

    String region();

    String accessKeyId();

    String secretAccessKey();

    /** Account id the emulators put in ARNs and queue URLs (LocalStack, moto and ElasticMQ all use this one). */
    default String accountId() {
        return EmbeddedAws.ACCOUNT_ID;
    }

    /**
     * The environment variables a function needs to reach these endpoints, with the names the AWS SDKs and CLI read
     * (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
     * AWS_REGION, AWS_DEFAULT_REGION), plus AWS_S3_FORCE_PATH_STYLE=true: the emulators only serve path-style URLs.
     */
    default Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey());
        env.put("AWS_REGION", region());
        env.put("AWS_DEFAULT_REGION", region());
        env.put("AWS_S3_FORCE_PATH_STYLE", "true");
        return env;
    }
}

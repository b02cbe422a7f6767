package dev.videojobs.local.stack.aws;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK v2 clients wired to an {@link AwsEndpoints}: static credentials, its region, endpoint override, path-style
 * S3, and the JDK URLConnection HTTP client (the one the functions use on Lambda).
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static StaticCredentialsProvider credentials(AwsEndpoints endpoints) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey()));
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    public static DynamoDbClient dynamoDb(AwsEndpoints endpoints) {
        return dynamoDb(endpoints, c -> { });
    }

    public static DynamoDbClient dynamoDb(AwsEndpoints endpoints, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoints.dynamoDbEndpoint())
                .region(Region.of(endpoints.region()))
                .credentialsProvider(credentials(endpoints))
                .httpClient(httpClient())
                .overrideConfiguration(overrides)
                .build();
    }

    public static SqsClient sqs(AwsEndpoints endpoints) {
        return sqs(endpoints, c -> { });
    }

    public static SqsClient sqs(AwsEndpoints endpoints, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return SqsClient.builder()
                .endpointOverride(endpoints.sqsEndpoint())
                .region(Region.of(endpoints.region()))
                .credentialsProvider(credentials(endpoints))
                .httpClient(httpClient())
                .overrideConfiguration(overrides)
                .build();
    }

    public static S3Client s3(AwsEndpoints endpoints) {
        return s3(endpoints, c -> { });
    }

    public static S3Client s3(AwsEndpoints endpoints, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return S3Client.builder()
                .endpointOverride(endpoints.s3Endpoint())
                .region(Region.of(endpoints.region()))
                .credentialsProvider(credentials(endpoints))
                .forcePathStyle(true)
                .httpClient(httpClient())
                .overrideConfiguration(overrides)
                .build();
    }

    public static S3Presigner s3Presigner(AwsEndpoints endpoints) {
        return S3Presigner.builder()
                .endpointOverride(endpoints.s3Endpoint())
                .region(Region.of(endpoints.region()))
                .credentialsProvider(credentials(endpoints))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}

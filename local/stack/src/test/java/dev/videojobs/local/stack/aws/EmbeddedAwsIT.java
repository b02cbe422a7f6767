package dev.videojobs.local.stack.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedAwsIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedAws aws;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static S3Client s3;
    private static S3Presigner presigner;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startEmulators() {
        aws = EmbeddedAws.start(dataDir);
        System.out.println("EmbeddedAws started in " + aws.startupTime().toMillis() + " ms " + aws.startupTimes());
        dynamo = AwsClients.dynamoDb(aws);
        sqs = AwsClients.sqs(aws);
        s3 = AwsClients.s3(aws);
        presigner = AwsClients.s3Presigner(aws);
    }

    @AfterAll
    static void stopEmulators() {
        presigner.close();
        s3.close();
        sqs.close();
        dynamo.close();
        aws.close();
    }

    @Test
    void shouldExposeLoopbackEndpointsAndFixedCredentials_whenStarted() {
        // Arrange / Act
        List<URI> endpoints = List.of(aws.dynamoDbEndpoint(), aws.sqsEndpoint(), aws.s3Endpoint());

        // Assert
        assertThat(endpoints).allSatisfy(uri -> {
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            assertThat(uri.getPort()).isPositive();
        });
        assertThat(endpoints).doesNotHaveDuplicates();
        assertThat(aws.region()).isEqualTo("us-east-1");
        assertThat(aws.environment()).containsEntry("AWS_ENDPOINT_URL_S3", aws.s3Endpoint().toString())
                .containsEntry("AWS_ACCESS_KEY_ID", aws.accessKeyId());
    }

    @Test
    void shouldReturnStoredItem_whenItemPutInTable() {
        // Arrange
        dynamo.createTable(b -> b.tableName("items")
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("job-1"),
                "status", AttributeValue.fromS("queued"),
                "version", AttributeValue.fromN("1"));

        // Act
        dynamo.putItem(b -> b.tableName("items").item(item));
        Map<String, AttributeValue> read = dynamo.getItem(b -> b.tableName("items")
                .key(Map.of("pk", AttributeValue.fromS("job-1"))).consistentRead(true)).item();

        // Assert
        assertThat(read).isEqualTo(item);
    }

    @Test
    void shouldHoldMessageBackUntilDelayPassed_whenSentWithDelaySeconds() {
        // Arrange
        String url = sqs.createQueue(b -> b.queueName("delayed")).queueUrl();

        // Act
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(2));
        List<Message> immediately = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages();

        // Assert
        assertThat(immediately).isEmpty();
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages())
                        .extracting(Message::body).containsExactly("later"));
    }

    @Test
    void shouldMoveMessageToDeadLetterQueue_whenReceivedMaxReceiveCountTimes() {
        // Arrange
        String dlqUrl = sqs.createQueue(b -> b.queueName("work-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String url = sqs.createQueue(b -> b.queueName("work").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));

        // Act: receive without deleting, as a failing consumer does, until the message leaves the queue
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1).visibilityTimeout(0));
            List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            // Assert
            assertThat(dead).extracting(Message::body).containsExactly("poison");
        });
    }

    @Test
    void shouldAssembleObjectAndServeRanges_whenUploadedInParts() {
        // Arrange
        s3.createBucket(b -> b.bucket("multipart"));
        byte[] part1 = filled(5 * 1024 * 1024, (byte) 'a');
        byte[] part2 = filled(1024, (byte) 'b');
        String uploadId = s3.createMultipartUpload(b -> b.bucket("multipart").key("big/video.mp4")
                .contentType("video/mp4")).uploadId();

        // Act
        String e1 = s3.uploadPart(b -> b.bucket("multipart").key("big/video.mp4").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("multipart").key("big/video.mp4").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(part2)).eTag();
        s3.completeMultipartUpload(b -> b.bucket("multipart").key("big/video.mp4").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));
        HeadObjectResponse head = s3.headObject(b -> b.bucket("multipart").key("big/video.mp4"));
        ResponseBytes<GetObjectResponse> tail = s3.getObjectAsBytes(b -> b.bucket("multipart").key("big/video.mp4")
                .range("bytes=" + (part1.length - 2) + "-" + (part1.length + 1)));
        List<S3Object> listed = s3.listObjectsV2(b -> b.bucket("multipart").prefix("big/")).contents();

        // Assert
        assertThat(head.contentLength()).isEqualTo(part1.length + part2.length);
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(tail.asString(StandardCharsets.US_ASCII)).isEqualTo("aabb");
        assertThat(listed).extracting(S3Object::key).containsExactly("big/video.mp4");
        assertThat(listed.get(0).size()).isEqualTo(part1.length + part2.length);
    }

    @Test
    void shouldServeAndAcceptObject_whenUsingPresignedUrls() throws Exception {
        // Arrange
        s3.createBucket(b -> b.bucket("presigned"));
        URI putUrl = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(p -> p.bucket("presigned").key("inputs/t1/image.png").contentType("image/png")))
                .url().toURI();

        // Act
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(putUrl).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofString("not really a png")).build(), HttpResponse.BodyHandlers.ofString());
        URI getUrl = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket("presigned").key("inputs/t1/image.png"))).url().toURI();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(getUrl).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(
                aws.s3Endpoint() + "/presigned/inputs/t1/image.png")).GET().build(), HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("not really a png");
        assertThat(get.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }

    private static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }
}

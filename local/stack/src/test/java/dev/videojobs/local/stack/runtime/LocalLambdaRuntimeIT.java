package dev.videojobs.local.stack.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.ProvisionedResources;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(AwsEnvironmentExtension.class)
class LocalLambdaRuntimeIT {

    private static final String KEY = "key-tenant-a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalLambdaRuntime runtime;
    private static ProvisionedResources resources;
    private static SqsClient sqs;
    private static S3Client s3;

    @BeforeAll
    static void start(AwsEnvironment aws) throws URISyntaxException {
        Path path = Path.of(LocalLambdaRuntimeIT.class.getResource("/runtime/test-template.yaml").toURI());
        CloudFormationTemplate template = CloudFormationTemplate.load(path).withStackName("runtime-it");
        resources = aws.provision(template);
        runtime = LocalLambdaRuntime.start(template, resources,
                Map.of("EXTRA", "from-overrides", "CALLBACK_BASE_URL", "http://127.0.0.1:1/callbacks"),
                RuntimeOptions.defaults()
                        .withApiKeys(Map.of(KEY, "tenant-a"))
                        .withScheduleInterval(Duration.ofMillis(200))
                        .withS3PollInterval(Duration.ofMillis(100))
                        .withFunctionLogs(false));
        sqs = AwsClients.sqs(aws.endpoints());
        s3 = AwsClients.s3(aws.endpoints());
    }

    @AfterAll
    static void stop() {
        runtime.close();
        sqs.close();
        s3.close();
    }

    @Test
    void shouldAnswerForbidden_whenApiKeyMissingOrUnknown() throws Exception {
        // Arrange
        HttpRequest noKey = get("/items/42").build();
        HttpRequest wrongKey = get("/items/42").header("x-api-key", "nope").build();
        long before = runtime.invocationCounts().get("EchoFunction");

        // Act
        HttpResponse<String> r1 = HTTP.send(noKey, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r2 = HTTP.send(wrongKey, HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(List.of(r1, r2)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        });
        assertThat(runtime.invocationCounts().get("EchoFunction")).isEqualTo(before);
    }

    @Test
    void shouldPassPathAndQueryParametersAndEnvironment_whenApiKeyValid() throws Exception {
        // Arrange
        HttpRequest request = get("/items/a%20b?tag=x&tag=y&limit=5").header("x-api-key", KEY).build();

        // Act
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-echo")).hasValue("yes");
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.at("/resource").asText()).isEqualTo("/items/{id}");
        assertThat(echo.at("/method").asText()).isEqualTo("GET");
        assertThat(echo.at("/pathParameters/id").asText()).isEqualTo("a b");
        assertThat(echo.at("/query/tag").asText()).isEqualTo("y");
        assertThat(echo.at("/multiQuery/tag").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(echo.at("/apiKey").asText()).isEqualTo(KEY);
        assertThat(echo.at("/sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(echo.at("/stage").asText()).isEqualTo("local");
        assertThat(echo.at("/memory").asInt()).isEqualTo(256);
        assertThat(echo.at("/remainingMillis").asInt()).isBetween(1, 10_000);
        assertThat(echo.at("/functionName").asText()).isEqualTo("runtime-it-EchoFunction");
        assertThat(echo.at("/greeting").asText()).isEqualTo("hello");
        assertThat(echo.at("/queueUrl").asText()).isEqualTo(resources.queueUrl("WorkQueue"));
        assertThat(echo.at("/bucket").asText()).isEqualTo("runtime-000000000000-test");
        assertThat(echo.at("/callbackBaseUrl").asText()).isEqualTo("http://127.0.0.1:1/callbacks");
        assertThat(echo.at("/extra").asText()).isEqualTo("from-overrides");
        assertThat(echo.at("/sqsEndpoint").asText()).isEqualTo(resources.endpoints().sqsEndpoint().toString());
    }

    @Test
    void shouldInvokeWithoutKey_whenEventSetsApiKeyRequiredFalse() throws Exception {
        // Arrange
        HttpRequest request = HttpRequest.newBuilder(url("/hooks/tok-1"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"done\"}")).build();

        // Act
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.at("/pathParameters/token").asText()).isEqualTo("tok-1");
        assertThat(echo.at("/body").asText()).isEqualTo("{\"status\":\"done\"}");
        assertThat(echo.at("/contentType").asText()).isEqualTo("application/json");
        assertThat(echo.at("/apiKey").isNull()).isTrue();
    }

    @Test
    void shouldAnswerMissingAuthenticationToken_whenNoRouteMatchesAndTemplateDeclaresNoGatewayResponses() throws Exception {
        // Arrange
        HttpRequest unknownPath = get("/nowhere").header("x-api-key", KEY).build();
        HttpRequest unknownMethod = HttpRequest.newBuilder(url("/items/1")).header("x-api-key", KEY)
                .DELETE().build();

        // Act
        HttpResponse<String> r1 = HTTP.send(unknownPath, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r2 = HTTP.send(unknownMethod, HttpResponse.BodyHandlers.ofString());

        // Assert
        // API Gateway's built-in answer for a path or method it does not know (template.yaml maps it to a 404)
        assertThat(List.of(r1, r2)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        });
    }

    @Test
    void shouldAnswerRequestTooLong_whenBodyExceedsTenMiB() throws Exception {
        // Arrange
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        HttpRequest request = HttpRequest.newBuilder(url("/hooks/big"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        // Act
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void shouldDeleteSucceededAndRedeliverFailedMessagesUntilDeadLetterQueue_whenBatchReportsFailures() {
        // Arrange
        String queue = resources.queueUrl("WorkQueue");
        String dlq = resources.queueUrl("WorkDeadLetterQueue");

        // Act
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("ok-batch-1"));
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("fail-batch-1"));

        // Assert: the failed one is delivered maxReceiveCount (2) times, then lands in the DLQ; the good one once.
        List<String> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages().stream()
                    .map(Message::body).forEach(dead::add);
            assertThat(dead).containsExactly("fail-batch-1");
        });
        assertThat(Recorder.seen("batch")).filteredOn(s -> s.toString().startsWith("fail-batch-1#"))
                .containsExactly("fail-batch-1#1", "fail-batch-1#2");
        assertThat(Recorder.seen("batch")).filteredOn(s -> s.toString().startsWith("ok-batch-1#"))
                .containsExactly("ok-batch-1#1");
        assertThat(Recorder.seen("batch-source")).allSatisfy(s ->
                assertThat(s.toString()).isEqualTo("aws:sqs " + resources.queueArn("WorkQueue")));
    }

    @Test
    void shouldDeleteNothingAndLetRedrivePolicyMoveMessage_whenHandlerThrows() {
        // Arrange
        String queue = resources.queueUrl("CrashQueue");
        String dlq = resources.queueUrl("CrashDeadLetterQueue");

        // Act
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("crash-1"));

        // Assert
        List<String> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages().stream()
                    .map(Message::body).forEach(dead::add);
            assertThat(dead).containsExactly("crash-1");
        });
        assertThat(Recorder.seen("crash")).containsExactly("crash-1", "crash-1");
        assertThat(runtime.functionStats().get("ThrowingFunction").errors()).isEqualTo(2);
    }

    @Test
    void shouldCountRequestsAndInvocations_whenFunctionSendsToQueueThroughApi() throws Exception {
        // Arrange
        long sendsBefore = AwsRequestCounter.snapshot().getOrDefault("Sqs.SendMessage", 0L);
        long enqueuesBefore = runtime.invocationCounts().get("EnqueueFunction");
        HttpRequest request = HttpRequest.newBuilder(url("/items")).header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("ok-from-api")).build();

        // Act
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        // Assert
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Recorder.seen("batch")).contains("ok-from-api#1"));
        assertThat(runtime.invocationCounts().get("EnqueueFunction")).isEqualTo(enqueuesBefore + 1);
        assertThat(AwsRequestCounter.snapshot().get("Sqs.SendMessage")).isGreaterThanOrEqualTo(sendsBefore + 1);
        assertThat(AwsRequestCounter.internal()).containsKey(
                AwsRequestCounter.EVENT_SOURCE + ":Sqs.ReceiveMessage");
    }

    @Test
    void shouldInvokeOncePerNewObject_whenObjectsMatchPrefixAndSuffix() {
        // Arrange
        String bucket = resources.bucketName("Bucket");

        // Act
        s3.putObject(b -> b.bucket(bucket).key("requests/t1/a b.json"), RequestBody.fromString("{}"));
        s3.putObject(b -> b.bucket(bucket).key("requests/t1/notes.txt"), RequestBody.fromString("no"));
        s3.putObject(b -> b.bucket(bucket).key("other/t1/c.json"), RequestBody.fromString("{}"));

        // Assert: one event, and no second one on later listings
        await().atMost(Duration.ofSeconds(5)).during(Duration.ofMillis(700)).untilAsserted(() ->
                assertThat(Recorder.seen("s3")).singleElement().asString()
                        .startsWith("ObjectCreated:Put " + bucket + " requests/t1/a+b.json 2 "));

        // Act: an overwrite with other content is a new object version
        s3.putObject(b -> b.bucket(bucket).key("requests/t1/a b.json"), RequestBody.fromString("{ }"));

        // Assert
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Recorder.seen("s3")).hasSize(2).last().asString().contains(" 3 "));
    }

    @Test
    void shouldInvokeRepeatedlyWithScheduledEvents_whenScheduleIntervalOverridden() {
        // Arrange: TickFunction's rate(1 minute) runs every 200 ms under these options

        // Act / Assert
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Recorder.seen("tick")).hasSizeGreaterThanOrEqualTo(3));
        assertThat(Recorder.seen("tick").get(0).toString())
                .startsWith("Scheduled Event aws.events [arn:aws:events:us-east-1:000000000000:rule/runtime-it-");
    }

    @Test
    void shouldFailAndInterruptHandler_whenInvocationOutlivesTimeout() {
        // Arrange
        long timeoutsBefore = runtime.functionStats().get("SlowFunction").timeouts();

        // Act / Assert
        assertThatThrownBy(() -> runtime.invoke("SlowFunction", new java.util.HashMap<String, Object>()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timed out after 1.0 seconds");
        assertThat(runtime.functionStats().get("SlowFunction").timeouts()).isEqualTo(timeoutsBefore + 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Recorder.seen("slow")).contains("interrupted"));
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(url(path)).GET();
    }

    private static URI url(String path) {
        return URI.create(runtime.apiUrl() + path);
    }
}

package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.local.cli.ApiClient;
import dev.videojobs.local.cli.WebhookReceiver;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import dev.videojobs.shared.json.Json;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * 200 jobs through the local stack while everything misbehaves: every queue message delivered twice (to concurrent
 * invocations), a quarter of provider calls failing, callbacks dropped, duplicated and late, output downloads failing
 * and cut off half-way (a copy dying mid-stream), a client webhook failing at first. Every job must still end in
 * the right state, be submitted once, be announced once, and leave only verified objects behind.
 */
@ExtendWith(LocalStackExtension.class)
class ChaosEndToEndTest {

    private static final int JOBS = 200;

    @AfterEach
    void calmDown(LocalStack stack) {
        stack.runtime().deliverEveryMessageTwice(false);
        stack.simulator().faults().clear();
    }

    @Test
    void shouldEndEveryJobCorrectlyOnceWithVerifiedOutputs_whenEverythingMisbehaves(LocalStack stack, S3Client s3) throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_CHAOS);
        long faultsBefore = stack.simulator().faults().injectedErrors();
        String image = PipelineEndToEndTest.sampleImage();
        stack.runtime().deliverEveryMessageTwice(true);
        stack.simulator().faults().setErrorRate(0.25).setErrorKinds(List.of("http_500", "http_503", "http_429", "malformed_json",
                "connection_reset", "timeout")).setTimeoutMs(1500).setErrorScope("all")
                .setCallbackDropRate(0.3).setCallbackDuplicateRate(0.3).setCallbackDelayMs(300)
                .setOutputFailures(1).setOutputTruncateRate(0.2).setFailPromptsContaining("doomed");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // the client's endpoint fails one delivery in seven, so some webhooks go through the retry schedule
            AtomicInteger answered = new AtomicInteger();
            receiver.answerWith(() -> answered.incrementAndGet() % 7 == 0 ? 500 : 204);
            Map<String, String> expected = new ConcurrentHashMap<>();

            // Act
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> submissions = new java.util.ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                int n = i;
                submissions.add(clients.submit(() -> {
                    String prompt = n % 10 == 3 ? "doomed shot " + n : "shot " + n;
                    var body = Json.object().put("model", "kling-v1.6-i2v-pro").put("image", image).put("prompt", prompt)
                            .put("webhook_url", receiver.url("/hooks/" + n).toString());
                    ApiClient.Reply reply = api.post("/v1/jobs", Json.write(body), Map.of("Idempotency-Key", "chaos-" + n));
                    String id = reply.body().path("id").asText();
                    expected.put(id, prompt.startsWith("doomed") ? "failed" : "succeeded");
                    if (n % 20 == 7 && api.post("/v1/jobs/" + id + "/cancel", "").status() == 200) {
                        expected.put(id, "cancelled");
                    }
                    return null;
                }));
            }
            for (Future<?> submission : submissions) {
                submission.get();
            }
            clients.shutdown();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> finishedAndAnnounced(api, receiver, expected.keySet()));

            // Assert
            Map<String, JsonNode> jobs = new ConcurrentHashMap<>();
            for (String id : expected.keySet()) {
                jobs.put(id, api.get("/v1/jobs/" + id).body());
            }
            Map<String, List<WebhookReceiver.Delivery>> deliveries = receiver.deliveries().stream()
                    .collect(Collectors.groupingBy(ChaosEndToEndTest::jobIdOf));
            Map<String, Long> submissionsPerJob = stack.simulator().tasks().stream().filter(t -> t.callbackUrl() != null)
                    .collect(Collectors.groupingBy(t -> t.callbackUrl().substring(t.callbackUrl().indexOf("job=") + 4), Collectors.counting()));
            String tenant = Tenants.tenantOf(LocalStackExtension.KEY_CHAOS);
            List<S3Object> objects = s3.listObjectsV2Paginator(list -> list.bucket(stack.bucket()).prefix("outputs/" + tenant + "/"))
                    .contents().stream().toList();
            Map<String, JsonNode> recorded = jobs.values().stream().flatMap(job -> java.util.stream.StreamSupport.stream(job.path("outputs").spliterator(), false))
                    .collect(Collectors.toMap(output -> output.path("key").asText(), output -> output));
            int verified = 0;
            for (S3Object object : objects) {
                JsonNode output = recorded.get(object.key());
                assertThat(output).as("object %s belongs to no job's outputs", object.key()).isNotNull();
                byte[] bytes = s3.getObjectAsBytes(get -> get.bucket(stack.bucket()).key(object.key())).asByteArray();
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(output.path("sha256").asText());
                verified++;
            }
            long succeeded = jobs.values().stream().filter(job -> job.path("status").asText().equals("succeeded")).count();
            long faults = stack.simulator().faults().injectedErrors() - faultsBefore;
            System.out.printf("chaos: %d jobs (%d succeeded, %d failed, %d cancelled); provider tasks %d; provider calls failed by injection %d; "
                            + "webhook deliveries %d; objects verified %d%n", jobs.size(), succeeded,
                    jobs.values().stream().filter(job -> job.path("status").asText().equals("failed")).count(),
                    jobs.values().stream().filter(job -> job.path("status").asText().equals("cancelled")).count(),
                    submissionsPerJob.values().stream().mapToLong(Long::longValue).sum(), faults,
                    receiver.deliveries().size(), verified);

            assertThat(jobs).hasSize(JOBS);
            assertThat(faults).as("injected provider failures").isGreaterThanOrEqualTo(JOBS / 5);
            jobs.forEach((id, job) -> assertThat(job.path("status").asText()).as("%s: %s", id, job.path("error")).isEqualTo(expected.get(id)));
            jobs.forEach((id, job) -> {
                if (!job.path("status").asText().equals("cancelled")) {
                    assertThat(submissionsPerJob.get(id)).as("provider submissions of %s", id).isEqualTo(1L);
                }
                assertThat(submissionsPerJob.getOrDefault(id, 0L)).isLessThanOrEqualTo(1L);
                List<WebhookReceiver.Delivery> announced = deliveries.get(id);
                assertThat(announced).as("webhooks of %s", id).isNotEmpty();
                assertThat(announced).extracting(d -> d.header("webhook-id")).containsOnly("msg_" + id);
                assertThat(announced).filteredOn(d -> d.answered() / 100 == 2).hasSize(1);
            });
            assertThat(verified).isEqualTo((int) succeeded);
        }
    }

    private static String jobIdOf(WebhookReceiver.Delivery delivery) {
        try {
            return Json.parse(delivery.body()).path("data").path("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("webhook body is not JSON", e);
        }
    }

    private static boolean finishedAndAnnounced(ApiClient api, WebhookReceiver receiver, java.util.Set<String> ids) throws Exception {
        java.util.Set<String> announced = receiver.deliveries().stream().filter(d -> d.answered() / 100 == 2)
                .map(ChaosEndToEndTest::jobIdOf).collect(Collectors.toSet());
        if (!announced.containsAll(ids)) {
            return false;
        }
        for (String id : ids) {
            if (!api.get("/v1/jobs/" + id).body().path("status").asText().matches("succeeded|failed|cancelled|expired")) {
                return false;
            }
        }
        return true;
    }
}

package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.json.Json;
import dev.videojobs.local.cli.WebhookReceiver;
import dev.videojobs.local.sim.RecordedTask;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.aws.AwsClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Nothing lost, nothing twice: idempotent submits, cancel, list, webhook retries, provider outages. */
@ExtendWith(LocalStackExtension.class)
class ReliabilityEndToEndTest {

    // room for a submit left in doubt on a busy machine: it waits for its own webhook before it is settled
    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterEach
    void clearFaults(LocalStack stack) {
        stack.simulator().faults().clear();
    }

    @Test
    void shouldReturnTheSameJob_whenTheSameKeyAndBodyAreSentAgain(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        String body = jobBody(null);

        ApiClient.Reply first = api.post("/v1/jobs", body, Map.of("Idempotency-Key", "replay-1"));
        ApiClient.Reply again = api.post("/v1/jobs", body, Map.of("Idempotency-Key", "replay-1"));
        ApiClient.Reply conflicting = api.post("/v1/jobs", jobBody(null).replace("waves", "storm"), Map.of("Idempotency-Key", "replay-1"));
        ApiClient.Reply otherTenant = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B).post("/v1/jobs", body, Map.of("Idempotency-Key", "replay-1"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(conflicting.body().path("error").path("code").asText()).isEqualTo("idempotency_conflict");
        assertThat(otherTenant.status()).isEqualTo(202);
        assertThat(otherTenant.body().path("id").asText()).isNotEqualTo(first.body().path("id").asText());
    }

    @Test
    void shouldCreateOneJobAndSubmitItOnce_whenIdenticalRequestsRace(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        String body = jobBody(null);
        List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return api.post("/v1/jobs", body, Map.of("Idempotency-Key", "race-1"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<ApiClient.Reply> done = replies.stream().map(CompletableFuture::join).toList();
        String jobId = done.get(0).body().path("id").asText();

        JsonNode job = awaitStatus(api, jobId, "succeeded");

        assertThat(done).extracting(reply -> reply.body().path("id").asText()).containsOnly(jobId);
        assertThat(done).extracting(ApiClient.Reply::status).containsOnlyOnce(202);
        assertThat(stack.simulator().tasks()).filteredOn(task -> task.callbackUrl() != null && task.callbackUrl().endsWith("job=" + jobId)).hasSize(1);
        assertThat(job.path("outputs")).hasSize(1);
    }

    @Test
    void shouldAcceptAndFinishTheJob_whenTheProviderIsDownAtFirst(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        stack.simulator().faults().setErrorKinds(List.of("http_503")).setErrorScope("submit").setFailNextCalls(3);

        ApiClient.Reply accepted = api.post("/v1/jobs", jobBody(null));
        String jobId = accepted.body().path("id").asText();
        JsonNode job = awaitStatus(api, jobId, "succeeded");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().path("status").asText()).isEqualTo("queued");
        assertThat(job.path("outputs")).hasSize(1);
        assertThat(stack.simulator().tasks()).filteredOn(task -> task.callbackUrl() != null && task.callbackUrl().endsWith("job=" + jobId)).hasSize(1);
    }

    @Test
    void shouldCancelNotifyAndNeverSubmit_whenAQueuedJobIsCancelled(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        stack.simulator().faults().setErrorKinds(List.of("http_503")).setErrorScope("submit").setFailNextCalls(1000);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String jobId = api.post("/v1/jobs", jobBody(receiver.url("/cancelled").toString())).body().path("id").asText();

            ApiClient.Reply cancelled = api.post("/v1/jobs/" + jobId + "/cancel", "");
            ApiClient.Reply again = api.post("/v1/jobs/" + jobId + "/cancel", "");
            stack.simulator().faults().clear();
            await().atMost(DEADLINE).until(() -> !receiver.deliveries().isEmpty());

            assertThat(cancelled.status()).isEqualTo(200);
            assertThat(cancelled.body().path("status").asText()).isEqualTo("cancelled");
            assertThat(again.status()).isEqualTo(409);
            assertThat(Json.parse(receiver.deliveries().get(0).body()).path("type").asText()).isEqualTo("job.cancelled");
            assertThat(stack.simulator().tasks()).noneMatch(task -> task.callbackUrl() != null && task.callbackUrl().endsWith("job=" + jobId));
        }
    }

    @Test
    void shouldRetryWithTheSameWebhookId_whenTheClientFailsThenRecovers(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answerWith(() -> calls.incrementAndGet() <= 2 ? 500 : 204);

            String jobId = api.post("/v1/jobs", jobBody(receiver.url("/flaky").toString())).body().path("id").asText();
            await().atMost(DEADLINE).until(() -> api.get("/v1/jobs/" + jobId).body().path("webhook").has("delivered_at"));
            JsonNode webhook = api.get("/v1/jobs/" + jobId).body().path("webhook");
            ApiClient.Reply redelivered = api.post("/v1/jobs/" + jobId + "/redeliver", "");
            await().atMost(DEADLINE).until(() -> receiver.deliveries().size() == 4);

            assertThat(webhook.path("attempts").asInt()).isEqualTo(3);
            assertThat(redelivered.status()).isEqualTo(202);
            assertThat(receiver.deliveries()).extracting(delivery -> delivery.header("webhook-id")).containsOnly("msg_" + jobId);
        }
    }

    @Test
    void shouldStopRetrying_whenTheClientAnswers410(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answerWith(() -> 410);

            String jobId = api.post("/v1/jobs", jobBody(receiver.url("/gone").toString())).body().path("id").asText();
            await().atMost(DEADLINE).until(() -> api.get("/v1/jobs/" + jobId).body().path("webhook").has("stopped"));

            assertThat(receiver.deliveries()).hasSize(1);
            assertThat(api.get("/v1/jobs/" + jobId).body().path("webhook").path("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldLeaveAnotherTenantsQueuedJobUntouched_whenAGenuineCallbackIsReplayedAtIt(LocalStack stack) throws Exception {
        // Arrange: tenant A's finished job and its callback as WaveSpeed signs it; tenant B's job held queued
        ApiClient owner = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        String ownerJob = owner.post("/v1/jobs", jobBody(null)).body().path("id").asText();
        awaitStatus(owner, ownerJob, "succeeded");
        RecordedTask task = stack.simulator().tasks().stream()
                .filter(t -> t.callbackUrl() != null && t.callbackUrl().endsWith("job=" + ownerJob)).findFirst().orElseThrow();
        String genuineBody = Json.write(prediction(stack, task.taskId()));
        // a rate limit creates nothing, so the victim waits without a submit in doubt: its later reconciliation would
        // otherwise depend on other classes' tasks in the shared simulator
        stack.simulator().faults().setErrorKinds(List.of("http_429")).setErrorScope("submit").setFailNextCalls(1000);
        ApiClient other = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B);
        String victimPrompt = "victim " + UUID.randomUUID();
        String victim = other.post("/v1/jobs", Json.write(((ObjectNode) Json.parse(jobBody(null))).put("prompt", victimPrompt)))
                .body().path("id").asText();
        DynamoJobStore jobs = new DynamoJobStore(AwsClients.dynamoDb(stack.aws()), stack.resources().tableName("JobsTable"));

        // Act: the genuine callback replayed at the victim's URL, with the owner's token, with none, with a guess
        int ownersToken = replay(stack, task.callbackUrl().replace("job=" + ownerJob, "job=" + victim), genuineBody);
        int noToken = replay(stack, stack.apiUrl() + "/v1/callbacks/wavespeed?job=" + victim, genuineBody);
        int guessedToken = replay(stack, stack.apiUrl() + "/v1/callbacks/wavespeed?token=" + victim + ".00&job=" + victim, genuineBody);

        // Assert
        Job untouched = jobs.get(victim).orElseThrow();
        assertThat(List.of(ownersToken, noToken, guessedToken)).containsExactly(200, 200, 404);
        assertThat(untouched.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(untouched.earlyCallbackTask().isPresent()).isFalse();
        assertThat(untouched.hasProviderOutputs()).isFalse();
        String activity = stack.simulator().faults().activity(victimPrompt);
        stack.simulator().faults().clear();
        JsonNode finished = awaitTerminal(other, victim);
        // on failure: the tasks the victim's reconciliation could not tell apart, and whose they are
        String candidates = stack.simulator().tasks().stream().filter(t -> finished.path("error").toString().contains(t.taskId()))
                .map(t -> t.taskId() + " for " + t.callbackUrl() + " prompt " + t.request().path("prompt") + " status " + t.status()).toList().toString();
        assertThat(finished.path("status").asText()).as("victim %s; faults while held: %s; candidates %s; owner's task %s", finished,
                activity, candidates, task.taskId()).isEqualTo("succeeded");
        assertThat(finished.path("provider_task_id").asText()).isNotEqualTo(task.taskId());
    }

    /** The WaveSpeed result of a task, as the provider's webhook also carries it. */
    private static JsonNode prediction(LocalStack stack, String taskId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.simulator().baseUri() + "/api/v3/predictions/" + taskId + "/result"))
                .header("Authorization", "Bearer " + stack.simulator().options().waveSpeedApiKey()).build();
        return Json.parse(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("data");
    }

    /** POSTs {@code body} to {@code url}, freshly and correctly signed with the WaveSpeed webhook secret. */
    private static int replay(LocalStack stack, String url, String body) throws Exception {
        String id = "msg_replay";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = new WaveSpeedWebhookVerifier(stack.simulator().options().waveSpeedWebhookSecret(), Clock.systemUTC())
                .sign(id + "." + timestamp + "." + body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", timestamp).header("webhook-signature", "v3," + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void shouldListNewestFirstPageByPage_whenATenantHasSeveralJobs(LocalStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_LIST);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.post("/v1/jobs", jobBody(null)).body().path("id").asText());
        }
        api.post("/v1/jobs/" + created.get(4) + "/cancel", "");

        JsonNode first = api.get("/v1/jobs?limit=2").body();
        JsonNode second = api.get("/v1/jobs?limit=2&cursor=" + first.path("next_cursor").asText()).body();
        JsonNode third = api.get("/v1/jobs?limit=2&cursor=" + second.path("next_cursor").asText()).body();
        JsonNode cancelled = api.get("/v1/jobs?status=cancelled").body();

        List<String> listed = new ArrayList<>();
        for (JsonNode page : List.of(first, second, third)) {
            page.path("jobs").forEach(job -> listed.add(job.path("id").asText()));
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(third.has("next_cursor")).isFalse();
        assertThat(cancelled.path("jobs").findValuesAsText("id")).containsExactly(created.get(4));
        assertThat(api.get("/v1/jobs?cursor=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
        assertThat(new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B).get("/v1/jobs?limit=2&cursor="
                + first.path("next_cursor").asText()).status()).isEqualTo(400);
    }

    static String jobBody(String webhookUrl) throws Exception {
        var body = Json.object().put("model", "kling-v1.6-i2v-pro").put("image", PipelineEndToEndTest.sampleImage()).put("prompt", "waves");
        if (webhookUrl != null) {
            body.put("webhook_url", webhookUrl);
        }
        return Json.write(body);
    }

    static JsonNode awaitStatus(ApiClient api, String jobId, String status) {
        JsonNode job = awaitTerminal(api, jobId);
        assertThat(job.path("status").asText()).as("job %s: %s", jobId, job.path("error")).isEqualTo(status);
        return job;
    }

    private static JsonNode awaitTerminal(ApiClient api, String jobId) {
        return await().atMost(DEADLINE).until(() -> api.get("/v1/jobs/" + jobId).body(),
                current -> current.path("status").asText().matches("succeeded|failed|cancelled|expired"));
    }
}

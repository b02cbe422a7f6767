package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.Tenants;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One realistic event per function, made from the sample events in {@code events/} with the ids, keys and
 * signatures of live state on the running stack, so each child does its function's real work.
 */
final class ColdEvents {

    /** An event file, and how to tell afterwards that the handler did the work rather than a no-op path. */
    record ColdEvent(Path file, BooleanSupplier didWork) {
    }

    private final Path eventsDir;
    private final Path outDir;
    private final BenchStack stack;
    private final JobFixtures fixtures;
    private final ArrivalRecorder hooks;
    private String requestImageKey;

    ColdEvents(Path eventsDir, Path outDir, BenchStack stack, JobFixtures fixtures, ArrivalRecorder hooks) {
        this.eventsDir = eventsDir;
        this.outDir = outDir;
        this.stack = stack;
        this.fixtures = fixtures;
        this.hooks = hooks;
    }

    /** A fresh event for {@code function} (its logical id); null when there is no realistic event for it. */
    ColdEvent create(String function) throws Exception {
        return switch (function) {
            case "SubmitFunction" -> submit();
            case "RequestFileFunction" -> requestFile();
            case "PollFunction" -> pollCheck();
            case "CallbackFunction" -> callback();
            case "SweepFunction" -> sweep();
            case "FetchFunction" -> fetch();
            case "NotifyFunction" -> notifyClient();
            default -> null;
        };
    }

    /** POST /v1/jobs with the sample image inline (a fresh Idempotency-Key each time, so a job is created). */
    private ColdEvent submit() throws Exception {
        ObjectNode event = sample("api-submit-job.json");
        event.put("body", JobFixtures.submitBody(null));
        header(event, "x-api-key", stack.apiKey());
        header(event, "Idempotency-Key", "bench-cold-" + UUID.randomUUID());
        event.with("requestContext").put("requestId", UUID.randomUUID().toString()).with("identity")
                .put("apiKey", stack.apiKey()).put("apiKeyId", Tenants.keyIdOf(stack.apiKey()));
        return written("submit", event, null);
    }

    /**
     * A request file naming an image uploaded beside it. The stack's own S3 watcher announces the file too and always
     * handles it first (it lists every 300 ms; a JVM takes a second to start), so the child's record carries an ETag
     * of its own, as the event of a later version of the file would: the child takes the create path, not the
     * duplicate one.
     */
    private ColdEvent requestFile() throws Exception {
        String prefix = "requests/" + stack.tenant() + "/";
        if (requestImageKey == null) {
            requestImageKey = prefix + "bench-lighthouse.jpg";
            stack.s3().putObject(put -> put.bucket(stack.bucket()).key(requestImageKey).contentType("image/jpeg"),
                    RequestBody.fromBytes(JobFixtures.sampleImage()));
        }
        String key = prefix + "bench-cold-" + UUID.randomUUID().toString().substring(0, 8) + ".json";
        byte[] request = Json.write(Json.object().put("model", "kling-v1.6-i2v-standard")
                .put("image", "s3://" + stack.bucket() + "/" + requestImageKey).put("prompt", JobFixtures.PROMPT))
                .getBytes(StandardCharsets.UTF_8);
        stack.s3().putObject(put -> put.bucket(stack.bucket()).key(key).contentType("application/json"), RequestBody.fromBytes(request));
        ObjectNode event = sample("s3-request-file.json");
        ObjectNode record = (ObjectNode) event.path("Records").path(0);
        record.put("eventTime", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        ObjectNode s3 = record.with("s3");
        s3.with("bucket").put("name", stack.bucket()).put("arn", "arn:aws:s3:::" + stack.bucket());
        // S3 URL-encodes keys in notifications, spaces as '+'
        s3.with("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", request.length).put("eTag", JobFixtures.hex(16));
        return written("request-file", event, null);
    }

    /** A PollQueue check message (sequence 1) for a job submitted to the provider, whose task has finished. */
    private ColdEvent pollCheck() throws Exception {
        String jobId = fixtures.submitted();
        ObjectNode event = sqs("sqs-poll-check.json", Json.object().put("action", "check").put("job_id", jobId).put("event_id", "1"));
        return written("poll", event, () -> hasProviderOutputs(jobId));
    }

    /** WaveSpeed's completion webhook for a submitted job: the task's real result, signed with the webhook secret. */
    private ColdEvent callback() throws Exception {
        String jobId = fixtures.submitted();
        String body = Json.write(new ProviderResults(stack.stack().simulator()).prediction(fixtures.seed().providerTaskId().orElseThrow()));
        String webhookId = "msg_" + JobFixtures.hex(12);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String secret = stack.stack().simulator().options().waveSpeedWebhookSecret();
        String signature = "v3," + new WaveSpeedWebhookVerifier(secret, Clock.systemUTC()).sign(webhookId + "." + timestamp + "." + body);
        ObjectNode event = sample("callback-wavespeed.json");
        header(event, "webhook-id", webhookId);
        header(event, "webhook-timestamp", timestamp);
        header(event, "webhook-signature", signature);
        String token = stack.jobs().get(jobId).orElseThrow().spec().callbackToken();
        event.with("queryStringParameters").put("token", token).put("job", jobId);
        event.with("multiValueQueryStringParameters").putArray("token").add(token);
        event.with("multiValueQueryStringParameters").putArray("job").add(jobId);
        event.put("body", body);
        return written("callback", event, () -> hasProviderOutputs(jobId));
    }

    /** The one-minute schedule tick. */
    private ColdEvent sweep() throws Exception {
        ObjectNode event = sample("schedule-sweep.json");
        event.put("id", UUID.randomUUID().toString()).put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return written("sweep", event, null);
    }

    /** A FetchQueue message for a job whose provider output is ready to copy. */
    private ColdEvent fetch() throws Exception {
        String jobId = fixtures.readyToFetch();
        ObjectNode event = sqs("sqs-fetch.json", Json.object().put("action", "fetch").put("job_id", jobId));
        return written("fetch", event, () -> "succeeded".equals(status(jobId)));
    }

    /** A NotifyQueue message for a succeeded job whose webhook goes to the benchmark's receiver. */
    private ColdEvent notifyClient() throws Exception {
        String jobId = fixtures.awaitingWebhook(hooks.url());
        ObjectNode event = sqs("sqs-notify.json", Json.object().put("action", "notify").put("job_id", jobId)
                .put("event_id", JobFixtures.eventId(jobId)));
        return written("notify", event, () -> hooks.arrival(jobId).isPresent());
    }

    private ObjectNode sqs(String sample, ObjectNode message) throws IOException {
        ObjectNode event = sample(sample);
        ((ObjectNode) event.path("Records").path(0)).put("messageId", UUID.randomUUID().toString()).put("body", Json.write(message));
        return event;
    }

    private boolean hasProviderOutputs(String jobId) {
        return stack.jobs().get(jobId).map(job -> job.hasProviderOutputs()).orElse(false);
    }

    private String status(String jobId) {
        return stack.jobs().get(jobId).map(job -> job.status().wire()).orElse("missing");
    }

    private ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.parse(Files.readString(eventsDir.resolve(name)));
    }

    /** Sets a header in both the single- and multi-value maps, as API Gateway fills them. */
    private static void header(ObjectNode event, String name, String value) {
        event.with("headers").put(name, value);
        event.with("multiValueHeaders").putArray(name).add(value);
    }

    private ColdEvent written(String name, ObjectNode event, BooleanSupplier didWork) throws IOException {
        Path file = Files.createTempFile(outDir, name + "-", ".json");
        Files.writeString(file, Json.write(event));
        return new ColdEvent(file, didWork == null ? () -> true : didWork);
    }
}

package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.JobJson;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.ApiClient;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Job states for the cold-start events. One real job runs through the stack's API, functions and simulator; each
 * event then gets a copy of that job's item under a fresh id, set back to the state its function expects. A copy
 * enters DynamoDB without a queue message and with its next check far ahead, so the in-process functions leave it
 * alone and the child finds exactly that state (a live job of the stack would be moved on under it).
 */
final class JobFixtures {

    static final String MODEL = "kling-v1.6-i2v-pro";
    static final String PROMPT = "slow dolly-in on the lighthouse at sunset, waves rolling in";
    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration OUT_OF_REACH = Duration.ofMinutes(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> FOLLOW_UP_FIELDS = List.of("leases", "attempts", "last_errors", "notification", "error",
            "finished_at", "webhook_url");
    private static final List<String> PROVIDER_RESULT_FIELDS = List.of("provider_outputs", "nsfw", "provider_finished_at",
            "provider_units", "outputs");

    private final BenchStack stack;
    private final Job seed;

    private JobFixtures(BenchStack stack, Job seed) {
        this.stack = stack;
        this.seed = seed;
    }

    /** Runs the seed job end to end (submit, provider, callback, copy, webhook) and keeps its final item. */
    static JobFixtures create(BenchStack stack, ArrivalRecorder hooks) throws Exception {
        ApiClient.Reply reply = stack.api().post("/v1/jobs", submitBody(hooks.url()));
        if (reply.status() != 202) {
            throw new IllegalStateException("seed job: submit answered HTTP " + reply.status() + " " + reply.body());
        }
        String id = reply.body().path("id").asText();
        if (!hooks.awaitAll(List.of(id), SEED_TIMEOUT) || !"succeeded".equals(hooks.arrival(id).orElseThrow().status())) {
            throw new IllegalStateException("seed job " + id + " did not succeed within " + SEED_TIMEOUT.toSeconds() + " s");
        }
        return new JobFixtures(stack, stack.jobs().get(id).orElseThrow());
    }

    /** A POST /v1/jobs body with the sample image inline, as a client sends it. */
    static String submitBody(URI webhook) throws Exception {
        ObjectNode body = Json.object().put("model", MODEL).put("image", sampleImageDataUri()).put("prompt", PROMPT).put("duration", 5);
        if (webhook != null) {
            body.put("webhook_url", webhook.toString());
        }
        return Json.write(body);
    }

    static byte[] sampleImage() throws Exception {
        try (InputStream image = JobFixtures.class.getResourceAsStream("/sample/lighthouse.jpg")) {
            return image.readAllBytes();
        }
    }

    static String sampleImageDataUri() throws Exception {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(sampleImage());
    }

    Job seed() {
        return seed;
    }

    /** Submitted to the provider, first check (sequence 1) pending: what a PollQueue check or a callback finds. */
    String submitted() {
        return store(copy("submitted", doc -> {
            PROVIDER_RESULT_FIELDS.forEach(doc::remove);
            doc.put("check_seq", 1);
        }));
    }

    /** The provider finished and its outputs are recorded, not copied yet: what a FetchQueue message finds. */
    String readyToFetch() {
        return store(copy("processing", doc -> doc.remove("outputs")));
    }

    /** Succeeded, its webhook event open and not delivered: what a NotifyQueue message finds. */
    String awaitingWebhook(URI webhook) {
        return store(copy("succeeded", doc -> {
            doc.remove("next_check_at");
            doc.put("finished_at", Instant.now().toString()).put("webhook_url", webhook.toString());
            doc.putObject("notification").put("event_id", eventId(doc.path("id").asText())).put("attempts", 0);
        }));
    }

    static String eventId(String jobId) {
        return "msg_" + jobId;
    }

    private Job copy(String status, java.util.function.Consumer<ObjectNode> edit) {
        // the stored form of the seed, edited as the table would hold it
        ObjectNode doc = Json.fromPlain(Json.readPlainObject(JobJson.write(seed)));
        String id = newJobId();
        Instant now = Instant.now();
        FOLLOW_UP_FIELDS.forEach(doc::remove);
        doc.put("id", id).put("status", status).put("version", 1).put("created_at", now.toString()).put("updated_at", now.toString())
                .put("next_check_at", now.plus(OUT_OF_REACH).toEpochMilli()).put("callback_token", id + "." + hex(16));
        edit.accept(doc);
        return JobJson.read(Json.write(doc));
    }

    private String store(Job job) {
        if (!stack.jobs().create(job)) {
            throw new IllegalStateException("could not store fixture job " + job.id());
        }
        return job.id();
    }

    private static String newJobId() {
        return JobIds.next();
    }

    static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

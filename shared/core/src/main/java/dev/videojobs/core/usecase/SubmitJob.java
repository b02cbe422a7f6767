package dev.videojobs.core.usecase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.IdempotencyKeys;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.model.JobRequest;
import dev.videojobs.core.model.RequestJson;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.usecase.ImageResolver.ResolvedImage;
import dev.videojobs.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Accepts a job: validate, resolve and check every image, then (and only then) store the inputs, create the job
 * (conditional put) and queue its forward to the provider. Bad input leaves nothing behind.
 */
public final class SubmitJob {

    private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestValidator validator;
    private final ImageResolver images;
    private final MediaStore media;
    private final JobStore jobs;
    private final IdempotencyKeys idempotencyKeys;
    private final WorkQueue queue;
    private final Clock clock;

    public SubmitJob(RequestValidator validator, ImageResolver images, MediaStore media, JobStore jobs,
            IdempotencyKeys idempotencyKeys, WorkQueue queue, Clock clock) {
        this.validator = validator;
        this.images = images;
        this.media = media;
        this.jobs = jobs;
        this.idempotencyKeys = idempotencyKeys;
        this.queue = queue;
        this.clock = clock;
    }

    /** Where a job came from: the API, or a request file (whose key is also its idempotency key, with its ETag). */
    public record Source(String type, String requestFileKey, Optional<String> idempotencyKey) {
        public static Source api(Optional<String> idempotencyKey) {
            return new Source("api", null, idempotencyKey);
        }

        public static Source requestFile(String key, String eTag) {
            return new Source("request_file", key, Optional.of("file:" + key + "#" + eTag));
        }
    }

    public record Accepted(Job job, boolean created) {}

    public Accepted submit(String tenant, String body, Source source) {
        JsonNode parsed = RequestJson.parse(body);
        JobRequest request = validator.validate(parsed);
        List<ResolvedImage> resolved = new ArrayList<>();
        for (JobRequest.ImageSlot slot : request.images()) {
            resolved.add(images.resolve(tenant, slot, source.requestFileKey() != null));
        }
        String jobId = JobIds.next();
        if (source.idempotencyKey().isPresent()) {
            String fingerprint = fingerprint(parsed);
            var reservation = idempotencyKeys.reserve(tenant, source.idempotencyKey().get(), fingerprint, jobId);
            if (!reservation.fingerprint().equals(fingerprint)) {
                throw new ClientError(ClientError.Kind.CONFLICT, "idempotency_conflict",
                        "this Idempotency-Key was used with a different request body", "Idempotency-Key");
            }
            Optional<Job> earlier = jobs.get(reservation.jobId());
            if (earlier.isPresent()) {
                return new Accepted(earlier.get(), false);
            }
            // reserved but not created yet (a crash, or a concurrent twin): create it under the reserved id
            jobId = reservation.jobId();
        }
        Job job = newJob(jobId, tenant, request, source);
        for (ResolvedImage image : resolved) {
            String key = inputKey(tenant, jobId, image);
            media.put(key, image.bytes(), image.info().contentType());
            job.inputs().put(image.slot().path(), key);
        }
        if (!jobs.create(job)) {
            return new Accepted(jobs.get(jobId).orElseThrow(), false);
        }
        // If this send is lost, the job is still due now and the sweeper forwards it.
        queue.send(WorkQueue.Name.POLL, JobMessage.of(JobMessage.Action.FORWARD, jobId), Duration.ZERO);
        return new Accepted(job, true);
    }

    private Job newJob(String jobId, String tenant, JobRequest request, Source source) {
        Instant now = clock.instant();
        ObjectNode doc = Json.object()
                .put("id", jobId)
                .put("tenant", tenant)
                .put("status", JobStatus.QUEUED.wire())
                .put("version", 1)
                .put("model", request.model().id())
                .put("provider", request.provider().wire())
                .put("created_at", now.toString())
                .put("updated_at", now.toString())
                .put("deadline_at_ms", now.plusSeconds(request.timeoutSeconds()).toEpochMilli())
                .put("next_check_at", now.toEpochMilli())
                .put("callback_token", jobId + "." + randomHex(16))
                .put("cost_usd", request.model().listPrice(request.durationSeconds()));
        doc.set("params", request.params());
        doc.putObject("inputs");
        request.webhookUrl().ifPresent(url -> doc.put("webhook_url", url));
        request.metadata().ifPresent(metadata -> doc.set("metadata", metadata));
        ObjectNode origin = doc.putObject("source").put("type", source.type());
        if (source.requestFileKey() != null) {
            origin.put("request_file", source.requestFileKey());
        }
        return new Job(doc);
    }

    private static String inputKey(String tenant, String jobId, ResolvedImage image) {
        String name = image.slot().path().replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
        return MediaKeys.input(tenant, jobId, name, image.info().format());
    }

    private static String fingerprint(JsonNode body) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(body);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

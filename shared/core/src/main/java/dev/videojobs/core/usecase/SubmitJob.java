package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.IdempotencyKeys;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.core.job.JobSpec;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.model.JobRequest;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.usecase.ImageResolver.ResolvedImage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts a job: validate, resolve and check every image, then (and only then) store the inputs, create the job
 * (conditional put) and queue its forward to the provider. Bad input leaves nothing behind.
 */
public final class SubmitJob {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestValidator validator;
    private final ImageResolver images;
    private final MediaStore media;
    private final JobStore jobs;
    private final IdempotencyKeys idempotencyKeys;
    private final WorkQueue queue;
    private final Clock clock;
    private final JobMetrics metrics;

    public SubmitJob(RequestValidator validator, ImageResolver images, MediaStore media, JobStore jobs,
            IdempotencyKeys idempotencyKeys, WorkQueue queue, Clock clock, JobMetrics metrics) {
        this.validator = validator;
        this.images = images;
        this.media = media;
        this.jobs = jobs;
        this.idempotencyKeys = idempotencyKeys;
        this.queue = queue;
        this.clock = clock;
        this.metrics = metrics;
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
        JobRequest request = validator.validate(body);
        List<ResolvedImage> resolved = new ArrayList<>();
        for (JobRequest.ImageSlot slot : request.images()) {
            resolved.add(images.resolve(tenant, slot, source.requestFileKey() != null));
        }
        String jobId = JobIds.next();
        if (source.idempotencyKey().isPresent()) {
            String fingerprint = request.fingerprint();
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
        Map<String, String> inputs = new LinkedHashMap<>();
        for (ResolvedImage image : resolved) {
            String key = inputKey(tenant, jobId, image);
            media.put(key, image.bytes(), image.info().contentType());
            inputs.put(image.slot().path(), key);
        }
        Job job = newJob(jobId, tenant, request, source, inputs);
        if (!jobs.create(job)) {
            return new Accepted(jobs.get(jobId).orElseThrow(), false);
        }
        metrics.accepted(job);
        // If this send is lost, the job is still due now and the sweeper forwards it.
        queue.send(WorkQueue.Name.POLL, JobMessage.of(JobMessage.Action.FORWARD, jobId), Duration.ZERO);
        return new Accepted(job, true);
    }

    private Job newJob(String jobId, String tenant, JobRequest request, Source source, Map<String, String> inputs) {
        Instant now = clock.instant();
        JobSpec spec = new JobSpec(request.model().id(), request.provider().wire(), request.params(), request.metadata(),
                request.webhookUrl(), now, now.plusSeconds(request.timeoutSeconds()), jobId + "." + randomHex(16),
                new JobSpec.Source(source.type(), Optional.ofNullable(source.requestFileKey())),
                Optional.of(request.model().listPrice(request.durationSeconds())), inputs);
        return Job.queued(jobId, tenant, spec);
    }

    private static String inputKey(String tenant, String jobId, ResolvedImage image) {
        String name = image.slot().path().replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
        return MediaKeys.input(tenant, jobId, name, image.info().format());
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

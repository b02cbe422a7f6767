package dev.videojobs.core.usecase;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.job.JobTransitions.Effect;
import dev.videojobs.core.job.JobTransitions.Outcome;
import dev.videojobs.core.job.JobTransitions.Transition;
import dev.videojobs.core.job.Notification;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.notify.ClientDocuments;
import dev.videojobs.core.notify.WebhookSecrets;
import dev.videojobs.core.notify.WebhookSigner;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.core.url.UrlFetcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Tells the client a job ended: the result file of a request-file job, and a webhook signed per Standard Webhooks,
 * one event per job with one {@code webhook-id} on every attempt. Failed deliveries follow the Standard Webhooks
 * retry schedule through NotifyQueue delays; 410 stops them; when the schedule is used up the job records it and the
 * message goes on to the dead-letter queue. The POST goes through the SSRF-safe fetcher: a client's URL never reaches
 * private or metadata addresses.
 */
public final class DeliverNotification {

    private static final Duration DELIVERY_WORK = Duration.ofSeconds(60);

    private final JobStore jobs;
    private final JobSteps steps;
    private final ClientDocuments documents;
    private final MediaStore media;
    private final WebhookSecrets secrets;
    private final WebhookSigner signer;
    private final UrlFetcher http;
    private final Clock clock;

    public DeliverNotification(JobStore jobs, JobSteps steps, ClientDocuments documents, MediaStore media, WebhookSecrets secrets,
            WebhookSigner signer, UrlFetcher http, Clock clock) {
        this.jobs = jobs;
        this.steps = steps;
        this.documents = documents;
        this.media = media;
        this.secrets = secrets;
        this.signer = signer;
        this.http = http;
        this.clock = clock;
    }

    /** Thrown when the retry schedule is used up, so the message is reported failed and ends in the DLQ. */
    public static final class DeliveryExhaustedException extends Exception {
        DeliveryExhaustedException(String jobId) {
            super("webhook for " + jobId + " was not delivered after the whole retry schedule");
        }
    }

    /** One delivery attempt; {@code status} is -1 when no HTTP answer came (refused address, timeout, connection error). */
    private record Delivery(int status, Optional<Duration> retryAfter, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    public void deliver(String jobId, String eventId) throws DeliveryExhaustedException {
        Optional<Job> found = jobs.get(jobId);
        if (found.isEmpty() || !found.get().status().isTerminal() || !found.get().notification().flatMap(Notification::eventId).equals(Optional.of(eventId))) {
            return;
        }
        Job job = found.get();
        job.requestFileKey().ifPresent(key -> media.put(MediaKeys.resultOf(key), documents.resultFile(job, key), "application/json"));
        if (job.webhookUrl().isEmpty() || settled(job)) {
            return;
        }
        if (exhausted(job)) {
            throw new DeliveryExhaustedException(jobId);
        }
        Optional<JobSteps.Claim> claim = steps.claim(jobId, Step.NOTIFY, DELIVERY_WORK, current -> !settled(current) && !exhausted(current));
        if (claim.isEmpty()) {
            return;
        }
        Delivery delivery = post(claim.get().job(), eventId);
        Outcome recorded = steps.transitions().apply(jobId, (current, now) -> Optional.of(record(current, eventId, delivery, now)));
        if (!recorded.won()) {
            return;
        }
        Job after = recorded.wonJob();
        if (delivery.delivered()) {
            steps.metrics().webhookDelivered(after);
        } else if (exhausted(after)) {
            steps.metrics().webhookExhausted(after);
            throw new DeliveryExhaustedException(jobId);
        } else if (!settled(after)) {
            steps.metrics().webhookRetried(after);
        }
    }

    private Delivery post(Job job, String eventId) {
        Instant now = clock.instant();
        String payload = documents.webhookEvent(job, now);
        long timestamp = now.getEpochSecond();
        // one signature per valid secret, space-separated (Standard Webhooks): during a rotation's overlap both verify
        String signature = secrets.secretsOf(job.tenant()).signingAt(now).stream()
                .map(secret -> signer.sign(secret, eventId, timestamp, payload)).collect(Collectors.joining(" "));
        Map<String, String> headers = Map.of("webhook-id", eventId, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", signature, "Content-Type", "application/json");
        try {
            UrlFetcher.Posted posted = http.post(URI.create(job.webhookUrl().orElseThrow()), headers, payload.getBytes(StandardCharsets.UTF_8));
            return new Delivery(posted.status(), posted.retryAfter(), posted.status() / 100 == 2 ? null : "HTTP " + posted.status());
        } catch (UnsafeUrlException e) {
            return new Delivery(-1, Optional.empty(), "refused: " + e.getMessage());
        } catch (FetchException e) {
            return new Delivery(-1, Optional.empty(), e.getMessage());
        }
    }

    /** The attempt on the job; a retry, when one is due, is the transition's effect. */
    private Transition record(Job job, String eventId, Delivery delivery, Instant now) {
        Notification notification = job.openNotification().attempted(now, delivery.status(), delivery.delivered() ? null : delivery.error());
        job.releaseLease(Step.NOTIFY).touch(now);
        if (delivery.delivered()) {
            notification.delivered(now);
            return Transition.to(job);
        }
        if (delivery.status() == 410) {
            notification.stopped("client answered 410 Gone");
            return Transition.to(job);
        }
        Duration next = steps.schedules().webhookRetry(notification.attempts());
        if (next == null) {
            notification.exhausted();
            return Transition.to(job);
        }
        Duration retryIn = delivery.retryAfter().filter(wait -> wait.compareTo(next) > 0).orElse(next);
        notification.nextAttemptAt(now.plus(retryIn));
        return Transition.to(job).then(Effect.send(new JobMessage(JobMessage.Action.NOTIFY, job.id(), eventId, null), retryIn));
    }

    private static boolean settled(Job job) {
        return job.notification().map(Notification::settled).orElse(false);
    }

    private static boolean exhausted(Job job) {
        return job.notification().map(Notification::isExhausted).orElse(false);
    }
}

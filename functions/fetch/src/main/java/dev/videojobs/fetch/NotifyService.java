package dev.videojobs.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.job.JobTransitions.Outcome;
import dev.videojobs.core.job.JobTransitions;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.notify.WebhookSecrets;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.usecase.SubmitService;
import dev.videojobs.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the client a job ended: the result file of a request-file job, and a webhook signed per Standard Webhooks
 * (the {@code com.standardwebhooks} library), one event per job with one {@code webhook-id} on every attempt.
 * Failed deliveries follow the Standard Webhooks retry schedule through NotifyQueue delays; 410 stops them; when
 * the schedule is used up the job records it and the message goes on to the dead-letter queue.
 */
public final class NotifyService {

    private static final String NOTIFY = "notify";
    private static final Duration DELIVERY_WORK = Duration.ofSeconds(60);

    private final JobStore jobs;
    private final JobTransitions transitions;
    private final JobView view;
    private final MediaStore media;
    private final WebhookSecrets secrets;
    private final WebhookSender sender;
    private final WorkQueue queue;
    private final Schedules schedules;

    public NotifyService(JobStore jobs, JobTransitions transitions, JobView view, MediaStore media, WebhookSecrets secrets,
            WebhookSender sender, WorkQueue queue, Schedules schedules) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.view = view;
        this.media = media;
        this.secrets = secrets;
        this.sender = sender;
        this.queue = queue;
        this.schedules = schedules;
    }

    /** Thrown when the retry schedule is used up, so the message is reported failed and ends in the DLQ. */
    public static final class DeliveryExhaustedException extends Exception {
        DeliveryExhaustedException(String jobId) {
            super("webhook for " + jobId + " was not delivered after the whole retry schedule");
        }
    }

    public void notify(String jobId, String eventId) throws DeliveryExhaustedException {
        Optional<Job> found = jobs.get(jobId);
        if (found.isEmpty() || !found.get().status().isTerminal() || !eventId.equals(found.get().notification().path("event_id").asText())) {
            return;
        }
        Job job = found.get();
        job.requestFileKey().ifPresent(key -> writeResultFile(job, key));
        if (job.webhookUrl().isEmpty() || settled(job)) {
            return;
        }
        if (job.notification().path("exhausted").asBoolean()) {
            throw new DeliveryExhaustedException(jobId);
        }
        Outcome claim = transitions.apply(jobId, (current, now) -> settled(current) || current.notification().path("exhausted").asBoolean()
                || current.leaseUntil(NOTIFY) > now.toEpochMilli() ? Optional.empty()
                : Optional.of(current.lease(NOTIFY, now.plus(schedules.lease(DELIVERY_WORK)))));
        if (!claim.won()) {
            return;
        }
        WebhookSender.Delivery delivery = deliver(claim.job().orElseThrow(), eventId);
        Duration[] retryIn = new Duration[1];
        Outcome recorded = transitions.apply(jobId, (current, now) -> Optional.of(record(current, delivery, now, retryIn)));
        Job after = recorded.job().orElseThrow();
        if (retryIn[0] != null) {
            queue.send(WorkQueue.Name.NOTIFY, new JobMessage(JobMessage.Action.NOTIFY, jobId, eventId, null), retryIn[0]);
        } else if (after.notification().path("exhausted").asBoolean()) {
            throw new DeliveryExhaustedException(jobId);
        }
    }

    private WebhookSender.Delivery deliver(Job job, String eventId) {
        ObjectNode event = Json.object().put("type", "job." + job.status().wire()).put("timestamp", Instant.now().toString());
        event.set("data", view.render(job));
        String payload = Json.write(event);
        long timestamp = Instant.now().getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secrets.secretFor(job.tenant())).sign(eventId, timestamp, payload);
        } catch (WebhookSigningException | com.standardwebhooks.exceptions.EmptyWebhookSecretException e) {
            throw new IllegalStateException("webhook secret of tenant " + job.tenant() + " cannot sign", e);
        }
        return sender.post(URI.create(job.webhookUrl().orElseThrow()), Map.of("webhook-id", eventId,
                "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature,
                "Content-Type", "application/json"), payload.getBytes(StandardCharsets.UTF_8));
    }

    private Job record(Job job, WebhookSender.Delivery delivery, Instant now, Duration[] retryIn) {
        retryIn[0] = null;
        ObjectNode notification = job.notification();
        int attempts = notification.path("attempts").asInt() + 1;
        notification.put("attempts", attempts).put("last_attempt_at", now.toString()).put("last_status", delivery.status());
        job.releaseLease(NOTIFY).touch(now);
        if (delivery.delivered()) {
            notification.put("delivered_at", now.toString()).remove("last_error");
            return job;
        }
        notification.put("last_error", delivery.error());
        if (delivery.status() == 410) {
            notification.put("stopped", "client answered 410 Gone");
            return job;
        }
        Duration next = schedules.webhookRetry(attempts);
        if (next == null) {
            notification.put("exhausted", true);
            return job;
        }
        retryIn[0] = delivery.retryAfter().filter(wait -> wait.compareTo(next) > 0).orElse(next);
        notification.put("next_attempt_at", now.plus(retryIn[0]).toString());
        return job;
    }

    private static boolean settled(Job job) {
        return job.notification().has("delivered_at") || job.notification().has("stopped");
    }

    private void writeResultFile(Job job, String requestFileKey) {
        ObjectNode summary = Json.object().put("request", requestFileKey).put("status", job.status().wire());
        summary.set("job", view.render(job));
        media.put(SubmitService.Source.resultKey(requestFileKey), Json.write(summary).getBytes(StandardCharsets.UTF_8), "application/json");
    }
}

package dev.videojobs.adapter.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobSpec;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.json.Json;
import java.time.Duration;

/** The public job JSON: what a client sees (never another tenant's data, never internal leases). */
public final class JobView {

    private static final Duration OUTPUT_URL_TTL = Duration.ofHours(1);

    private final MediaStore media;

    public JobView(MediaStore media) {
        this.media = media;
    }

    public ObjectNode render(Job job) {
        JobSpec spec = job.spec();
        ObjectNode view = Json.object().put("id", job.id()).put("status", job.status().wire()).put("model", spec.model())
                .put("provider", spec.provider()).put("created_at", spec.createdAt().toString()).put("updated_at", job.updatedAt().toString());
        job.finishedAt().ifPresent(at -> view.put("finished_at", at.toString()));
        job.providerTaskId().ifPresent(task -> view.put("provider_task_id", task));
        spec.webhookUrl().ifPresent(url -> view.put("webhook_url", url));
        job.error().ifPresent(error -> {
            ObjectNode node = view.putObject("error").put("code", error.code()).put("message", error.message());
            if (error.accountProblem()) {
                node.put("account_problem", true);
            }
        });
        if (!job.lastErrors().isEmpty()) {
            ObjectNode lastErrors = view.putObject("last_errors");
            job.lastErrors().forEach((step, message) -> lastErrors.put(step.wire(), message));
        }
        job.nsfw().ifPresent(flags -> flags.forEach(view.putArray("nsfw")::add));
        spec.costUsd().ifPresent(cost -> view.put("cost_usd", cost));
        spec.metadata().ifPresent(metadata -> view.set("metadata", Json.fromPlain(metadata)));
        ObjectNode source = view.putObject("source").put("type", spec.source().type());
        spec.source().requestFile().ifPresent(key -> source.put("request_file", key));
        view.setAll(Json.fromPlain(spec.params()));
        view.put("deadline_at", spec.deadline().toString());
        var outputs = view.putArray("outputs");
        for (Job.Output output : job.outputs()) {
            outputs.addObject().put("url", media.presignGet(output.key(), OUTPUT_URL_TTL).toString()).put("key", output.key())
                    .put("bytes", output.bytes()).put("sha256", output.sha256()).put("content_type", output.contentType());
        }
        job.notification().filter(notification -> notification.eventId().isPresent()).ifPresent(notification -> {
            ObjectNode webhook = view.putObject("webhook").put("event_id", notification.eventId().get()).put("attempts", notification.attempts());
            notification.deliveredAt().ifPresent(at -> webhook.put("delivered_at", at.toString()));
            notification.lastStatus().ifPresent(status -> webhook.put("last_status", status));
            notification.lastError().ifPresent(error -> webhook.put("last_error", error));
            notification.nextAttemptAt().ifPresent(at -> webhook.put("next_attempt_at", at.toString()));
            notification.stoppedReason().ifPresent(why -> webhook.put("stopped", why));
            notification.exhaustedFlag().ifPresent(exhausted -> webhook.put("exhausted", exhausted));
        });
        return view;
    }
}

package dev.videojobs.adapter.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.json.Json;
import java.time.Duration;
import java.util.List;

/** The public job JSON: what a client sees (never another tenant's data, never internal leases). */
public final class JobView {

    private static final Duration OUTPUT_URL_TTL = Duration.ofHours(1);
    private static final List<String> COPIED = List.of("id", "status", "model", "provider", "created_at", "updated_at",
            "finished_at", "provider_task_id", "webhook_url", "error", "last_errors", "nsfw", "cost_usd", "metadata", "source");

    private final MediaStore media;

    public JobView(MediaStore media) {
        this.media = media;
    }

    public ObjectNode render(Job job) {
        ObjectNode view = Json.object();
        for (String field : COPIED) {
            JsonNode value = job.doc().get(field);
            if (value != null && !value.isNull()) {
                view.set(field, value);
            }
        }
        view.setAll(job.params());
        view.put("deadline_at", job.deadline().toString());
        var outputs = view.putArray("outputs");
        for (JsonNode output : job.outputs()) {
            String key = output.path("key").asText();
            outputs.addObject()
                    .put("url", media.presignGet(key, OUTPUT_URL_TTL).toString())
                    .put("key", key)
                    .put("bytes", output.path("bytes").asLong())
                    .put("sha256", output.path("sha256").asText())
                    .put("content_type", output.path("content_type").asText());
        }
        JsonNode notification = job.doc().get("notification");
        if (notification != null && notification.has("event_id")) {
            ObjectNode webhook = view.putObject("webhook");
            for (String field : List.of("event_id", "attempts", "delivered_at", "last_status", "last_error", "next_attempt_at", "stopped", "exhausted")) {
                if (notification.hasNonNull(field)) {
                    webhook.set(field, notification.get(field));
                }
            }
        }
        return view;
    }
}

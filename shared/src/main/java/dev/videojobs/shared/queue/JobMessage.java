package dev.videojobs.shared.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.shared.json.Json;
import java.io.IOException;
import java.time.Instant;

/**
 * A unit of work about one job. {@code notBefore} lets a wait longer than SQS's 15-minute delay travel in hops:
 * a consumer that receives the message early sends it on again.
 */
public record JobMessage(Action action, String jobId, String eventId, Instant notBefore) {

    public enum Action {
        FORWARD, CHECK, FETCH, NOTIFY;

        /** The queue this kind of work travels on. */
        public WorkQueue.Name queue() {
            return switch (this) {
                case FORWARD, CHECK -> WorkQueue.Name.POLL;
                case FETCH -> WorkQueue.Name.FETCH;
                case NOTIFY -> WorkQueue.Name.NOTIFY;
            };
        }
    }

    public static JobMessage of(Action action, String jobId) {
        return new JobMessage(action, jobId, null, null);
    }

    public JobMessage notBefore(Instant when) {
        return new JobMessage(action, jobId, eventId, when);
    }

    public String toJson() {
        ObjectNode node = Json.object().put("action", action.name().toLowerCase()).put("job_id", jobId);
        if (eventId != null) {
            node.put("event_id", eventId);
        }
        if (notBefore != null) {
            node.put("not_before", notBefore.toString());
        }
        return Json.write(node);
    }

    public static JobMessage parse(String body) {
        try {
            JsonNode node = Json.parse(body);
            String notBefore = Json.text(node, "not_before");
            return new JobMessage(Action.valueOf(node.path("action").asText().toUpperCase()), node.path("job_id").asText(),
                    Json.text(node, "event_id"), notBefore == null ? null : Instant.parse(notBefore));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a job message: " + body, e);
        }
    }
}

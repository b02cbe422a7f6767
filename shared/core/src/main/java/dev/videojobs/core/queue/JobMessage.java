package dev.videojobs.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;
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

    /** A check's sequence number (its {@code event_id}), which {@link #parse} has checked is one. */
    public int checkSequence() {
        return Integer.parseInt(eventId);
    }

    /**
     * Reads a message, refusing (with {@link IllegalArgumentException}) every body its consumer could not act on: no
     * job id, an unknown action, a check without its sequence number, a notification without its event id.
     */
    public static JobMessage parse(String body) {
        try {
            JsonNode node = Json.parse(body);
            Action action = Action.valueOf(node.path("action").asText().toUpperCase());
            String jobId = Json.text(node, "job_id");
            String eventId = Json.text(node, "event_id");
            String notBefore = Json.text(node, "not_before");
            if (jobId == null || jobId.isBlank() || action == Action.CHECK && (eventId == null || !eventId.matches("\\d{1,9}"))
                    || action == Action.NOTIFY && eventId == null) {
                throw new IllegalArgumentException("incomplete " + action + " message");
            }
            return new JobMessage(action, jobId, eventId, notBefore == null ? null : Instant.parse(notBefore));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a job message: " + body, e);
        }
    }
}

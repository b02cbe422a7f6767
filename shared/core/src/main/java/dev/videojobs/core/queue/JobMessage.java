package dev.videojobs.core.queue;

import dev.videojobs.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("action", action.name().toLowerCase(Locale.ROOT));
        fields.put("job_id", jobId);
        if (eventId != null) {
            fields.put("event_id", eventId);
        }
        if (notBefore != null) {
            fields.put("not_before", notBefore.toString());
        }
        return Json.writePlain(fields);
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
            Map<String, Object> fields = Json.readPlainObject(body);
            Action action = Action.valueOf(text(fields, "action").toUpperCase(Locale.ROOT));
            String jobId = text(fields, "job_id");
            String eventId = text(fields, "event_id");
            String notBefore = text(fields, "not_before");
            if (jobId == null || jobId.isBlank() || action == Action.CHECK && (eventId == null || !eventId.matches("\\d{1,9}"))
                    || action == Action.NOTIFY && eventId == null) {
                throw new IllegalArgumentException("incomplete " + action + " message");
            }
            return new JobMessage(action, jobId, eventId, notBefore == null ? null : Instant.parse(notBefore));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a job message: " + body, e);
        }
    }

    private static String text(Map<String, Object> fields, String name) {
        return fields.get(name) instanceof String value ? value : null;
    }
}

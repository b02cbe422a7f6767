package dev.videojobs.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job as stored: one JSON document (snake_case, the same names as the public API) with typed accessors for what
 * the services read and change. Changes are made on a {@link #copy()} and written back with a version check.
 */
public final class Job {

    private final ObjectNode doc;

    public Job(ObjectNode doc) {
        this.doc = doc;
    }

    public static Job parse(String json) {
        try {
            return new Job((ObjectNode) Json.parse(json));
        } catch (Exception e) {
            throw new IllegalStateException("stored job is not valid JSON", e);
        }
    }

    public Job copy() {
        return new Job(doc.deepCopy());
    }

    public ObjectNode doc() {
        return doc;
    }

    public String id() {
        return doc.path("id").asText();
    }

    public String tenant() {
        return doc.path("tenant").asText();
    }

    public JobStatus status() {
        return JobStatus.fromWire(doc.path("status").asText());
    }

    public long version() {
        return doc.path("version").asLong();
    }

    public String model() {
        return doc.path("model").asText();
    }

    public String provider() {
        return doc.path("provider").asText();
    }

    public ObjectNode params() {
        return (ObjectNode) doc.path("params");
    }

    public ObjectNode inputs() {
        return (ObjectNode) doc.path("inputs");
    }

    public Instant createdAt() {
        return Instant.parse(doc.path("created_at").asText());
    }

    public Instant deadline() {
        return Instant.ofEpochMilli(doc.path("deadline_at_ms").asLong());
    }

    public Optional<String> webhookUrl() {
        return Optional.ofNullable(Json.text(doc, "webhook_url"));
    }

    public Optional<String> providerTaskId() {
        return Optional.ofNullable(Json.text(doc, "provider_task_id"));
    }

    public Optional<String> callbackToken() {
        return Optional.ofNullable(Json.text(doc, "callback_token"));
    }

    /** Since when a submit may have created a task that we do not know of: it is reconciled before any other submit. */
    public Optional<Instant> submitInDoubtSince() {
        return Optional.ofNullable(Json.text(doc, "submit_in_doubt_since")).map(Instant::parse);
    }

    /** A task id the provider's callback named before our submit knew it (see ApplyProviderReport). */
    public Optional<String> earlyCallbackTask() {
        return Optional.ofNullable(Json.text(doc, "early_callback_task"));
    }

    public long nextCheckAt() {
        return doc.path("next_check_at").asLong(0);
    }

    public int attempts(String kind) {
        return doc.path("attempts").path(kind).asInt(0);
    }

    /** Output locations the provider reported (URLs, or base64 data), recorded before the copy starts. */
    public List<String> providerOutputs() {
        List<String> outputs = new ArrayList<>();
        doc.path("provider_outputs").forEach(node -> outputs.add(node.asText()));
        return outputs;
    }

    public boolean hasProviderOutputs() {
        return doc.has("provider_outputs");
    }

    public ArrayNode outputs() {
        JsonNode outputs = doc.get("outputs");
        return outputs instanceof ArrayNode array ? array : Json.array();
    }

    public Optional<String> requestFileKey() {
        return Optional.ofNullable(Json.text(doc.path("source"), "request_file"));
    }

    public long leaseUntil(String purpose) {
        return doc.path("leases").path(purpose).asLong(0);
    }

    public ObjectNode notification() {
        JsonNode node = doc.get("notification");
        if (node instanceof ObjectNode object) {
            return object;
        }
        return doc.putObject("notification");
    }

    // --- changes (on a copy) ---

    public Job moveTo(JobStatus next, Instant now) {
        if (!status().canMoveTo(next)) {
            throw new IllegalStateException("job " + id() + " cannot move from " + status().wire() + " to " + next.wire());
        }
        doc.put("status", next.wire());
        touch(now);
        if (next.isTerminal()) {
            doc.put("finished_at", now.toString());
            doc.remove("next_check_at");
            doc.remove("leases");
        }
        return this;
    }

    public Job touch(Instant now) {
        doc.put("updated_at", now.toString());
        return this;
    }

    public Job bumpVersion() {
        doc.put("version", version() + 1);
        return this;
    }

    public Job nextCheckAt(Instant when) {
        doc.put("next_check_at", when.toEpochMilli());
        return this;
    }

    public Job submitInDoubtSince(Optional<Instant> since) {
        since.ifPresentOrElse(at -> doc.put("submit_in_doubt_since", at.toString()), () -> doc.remove("submit_in_doubt_since"));
        return this;
    }

    public Job countAttempt(String kind) {
        ObjectNode attempts = doc.with("attempts");
        attempts.put(kind, attempts.path(kind).asInt(0) + 1);
        return this;
    }

    public Job lease(String purpose, Instant until) {
        doc.with("leases").put(purpose, until.toEpochMilli());
        return this;
    }

    public Job releaseLease(String purpose) {
        doc.with("leases").remove(purpose);
        return this;
    }

    public Job error(String code, String message) {
        ObjectNode error = doc.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return this;
    }

    public Job lastError(String kind, String message) {
        doc.with("last_errors").put(kind, message);
        return this;
    }

    public Job set(String field, String value) {
        doc.put(field, value);
        return this;
    }

    public Job set(String field, JsonNode value) {
        doc.set(field, value);
        return this;
    }
}

package dev.videojobs.adapter.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.job.Counter;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobBuilder;
import dev.videojobs.core.job.JobSpec;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.Notification;
import dev.videojobs.core.job.Step;
import dev.videojobs.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one mapping between a {@link Job} and its stored document (the Jobs table's {@code doc} attribute): snake_case
 * names, the same as every item written so far, so stored jobs keep working.
 */
public final class JobJson {

    private JobJson() {}

    public static String write(Job job) {
        JobSpec spec = job.spec();
        ObjectNode doc = Json.object().put("id", job.id()).put("tenant", job.tenant()).put("status", job.status().wire())
                .put("version", job.version()).put("model", spec.model()).put("provider", spec.provider())
                .put("created_at", spec.createdAt().toString()).put("updated_at", job.updatedAt().toString())
                .put("deadline_at_ms", spec.deadline().toEpochMilli()).put("callback_token", spec.callbackToken());
        spec.costUsd().ifPresent(cost -> doc.put("cost_usd", cost));
        doc.set("params", Json.fromPlain(spec.params()));
        ObjectNode inputs = doc.putObject("inputs");
        spec.inputs().forEach(inputs::put);
        spec.webhookUrl().ifPresent(url -> doc.put("webhook_url", url));
        spec.metadata().ifPresent(metadata -> doc.set("metadata", Json.fromPlain(metadata)));
        ObjectNode source = doc.putObject("source").put("type", spec.source().type());
        spec.source().requestFile().ifPresent(key -> source.put("request_file", key));
        job.finishedAt().ifPresent(at -> doc.put("finished_at", at.toString()));
        if (job.nextCheckAt() != 0) {
            doc.put("next_check_at", job.nextCheckAt());
        }
        if (job.checkSequence() != 0) {
            doc.put("check_seq", job.checkSequence());
        }
        job.providerTaskId().ifPresent(task -> doc.put("provider_task_id", task));
        job.submittedAt().ifPresent(at -> doc.put("submitted_at", at.toString()));
        job.submitInDoubtSince().ifPresent(at -> doc.put("submit_in_doubt_since", at.toString()));
        job.earlyCallbackTask().ifPresent(task -> doc.put("early_callback_task", task));
        if (job.hasProviderOutputs()) {
            job.providerOutputs().forEach(doc.putArray("provider_outputs")::add);
        }
        job.nsfw().ifPresent(flags -> flags.forEach(doc.putArray("nsfw")::add));
        job.providerFinishedAt().ifPresent(at -> doc.put("provider_finished_at", at.toString()));
        job.providerUnits().ifPresent(units -> doc.put("provider_units", units));
        if (!job.outputs().isEmpty()) {
            ArrayNode outputs = doc.putArray("outputs");
            job.outputs().forEach(output -> outputs.addObject().put("key", output.key()).put("bytes", output.bytes())
                    .put("sha256", output.sha256()).put("content_type", output.contentType()));
        }
        job.error().ifPresent(error -> {
            ObjectNode node = doc.putObject("error").put("code", error.code()).put("message", error.message());
            if (error.accountProblem()) {
                node.put("account_problem", true);
            }
        });
        if (!job.attempts().isEmpty()) {
            ObjectNode attempts = doc.putObject("attempts");
            job.attempts().forEach((counter, count) -> attempts.put(counter.wire(), count));
        }
        if (!job.leases().isEmpty()) {
            ObjectNode leases = doc.putObject("leases");
            job.leases().forEach((step, until) -> leases.put(step.wire(), until));
        }
        if (!job.lastErrors().isEmpty()) {
            ObjectNode lastErrors = doc.putObject("last_errors");
            job.lastErrors().forEach((step, message) -> lastErrors.put(step.wire(), message));
        }
        job.notification().ifPresent(notification -> doc.set("notification", notification(notification)));
        return Json.write(doc);
    }

    public static Job read(String json) {
        JsonNode doc;
        try {
            doc = Json.parse(json);
        } catch (Exception e) {
            throw new IllegalStateException("stored job is not valid JSON", e);
        }
        JsonNode source = doc.path("source");
        JobSpec spec = new JobSpec(doc.path("model").asText(), doc.path("provider").asText(), plain(doc.get("params")).orElse(Map.of()),
                plain(doc.get("metadata")), text(doc, "webhook_url"), Instant.parse(doc.path("created_at").asText()),
                Instant.ofEpochMilli(doc.path("deadline_at_ms").asLong()), text(doc, "callback_token").orElse(null),
                new JobSpec.Source(source.path("type").asText("api"), text(source, "request_file")),
                doc.hasNonNull("cost_usd") ? Optional.of(doc.get("cost_usd").decimalValue()) : Optional.empty(), inputs(doc.path("inputs")));
        JobBuilder job = Job.builder().id(doc.path("id").asText()).tenant(doc.path("tenant").asText()).spec(spec)
                .status(JobStatus.fromWire(doc.path("status").asText())).version(doc.path("version").asLong())
                .updatedAt(instant(doc, "updated_at").orElse(spec.createdAt())).finishedAt(instant(doc, "finished_at").orElse(null))
                .nextCheckAt(doc.path("next_check_at").asLong(0)).checkSequence(doc.path("check_seq").asInt(0))
                .providerTaskId(text(doc, "provider_task_id").orElse(null)).submittedAt(instant(doc, "submitted_at").orElse(null))
                .submitInDoubtSince(instant(doc, "submit_in_doubt_since").orElse(null))
                .earlyCallbackTask(text(doc, "early_callback_task").orElse(null))
                .providerOutputs(doc.has("provider_outputs") ? list(doc.get("provider_outputs"), JsonNode::asText) : null)
                .nsfw(doc.has("nsfw") ? list(doc.get("nsfw"), JsonNode::asBoolean) : null)
                .providerFinishedAt(instant(doc, "provider_finished_at").orElse(null))
                .providerUnits(text(doc, "provider_units").orElse(null))
                .outputs(doc.has("outputs") ? list(doc.get("outputs"), o -> new Job.Output(o.path("key").asText(), o.path("bytes").asLong(),
                        o.path("sha256").asText(), o.path("content_type").asText())) : null)
                .error(doc.path("error").isObject() ? new Job.Error(text(doc.get("error"), "code").orElse(null),
                        text(doc.get("error"), "message").orElse(null), doc.get("error").path("account_problem").asBoolean(false)) : null)
                .notification(doc.path("notification").isObject() ? notification(doc.get("notification")) : null);
        for (Counter counter : Counter.values()) {
            JsonNode count = doc.path("attempts").get(counter.wire());
            if (count != null) {
                job.attempts(counter, count.asInt());
            }
        }
        for (Step step : Step.values()) {
            JsonNode until = doc.path("leases").get(step.wire());
            if (until != null) {
                job.lease(step, until.asLong());
            }
            text(doc.path("last_errors"), step.wire()).ifPresent(message -> job.lastError(step, message));
        }
        return job.build();
    }

    private static ObjectNode notification(Notification n) {
        ObjectNode node = Json.object();
        n.eventId().ifPresent(id -> node.put("event_id", id));
        node.put("attempts", n.attempts());
        n.lastAttemptAt().ifPresent(at -> node.put("last_attempt_at", at.toString()));
        n.lastStatus().ifPresent(status -> node.put("last_status", status));
        n.lastError().ifPresent(error -> node.put("last_error", error));
        n.deliveredAt().ifPresent(at -> node.put("delivered_at", at.toString()));
        n.nextAttemptAt().ifPresent(at -> node.put("next_attempt_at", at.toString()));
        n.stoppedReason().ifPresent(why -> node.put("stopped", why));
        n.exhaustedFlag().ifPresent(exhausted -> node.put("exhausted", exhausted));
        n.redeliveredAt().ifPresent(at -> node.put("redelivered_at", at.toString()));
        return node;
    }

    private static Notification notification(JsonNode node) {
        return Notification.restore(text(node, "event_id").orElse(null), node.path("attempts").asInt(0),
                instant(node, "last_attempt_at").orElse(null), node.hasNonNull("last_status") ? node.get("last_status").asInt() : null,
                text(node, "last_error").orElse(null), instant(node, "delivered_at").orElse(null),
                instant(node, "next_attempt_at").orElse(null), text(node, "stopped").orElse(null),
                node.hasNonNull("exhausted") ? node.get("exhausted").asBoolean() : null, instant(node, "redelivered_at").orElse(null));
    }

    private static Map<String, String> inputs(JsonNode node) {
        Map<String, String> inputs = new LinkedHashMap<>();
        node.fields().forEachRemaining(input -> inputs.put(input.getKey(), input.getValue().asText()));
        return inputs;
    }

    private static Optional<Map<String, Object>> plain(JsonNode node) {
        return node instanceof ObjectNode object ? Optional.of(Json.toPlain(object)) : Optional.empty();
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        List<T> values = new ArrayList<>();
        array.forEach(node -> values.add(element.apply(node)));
        return values;
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(Json.text(node, field));
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        return text(node, field).map(Instant::parse);
    }
}

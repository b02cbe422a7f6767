package dev.videojobs.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.JobJson;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.json.Json;
import dev.videojobs.local.cli.WebhookReceiver;
import dev.videojobs.local.sim.FaultPlan;
import dev.videojobs.local.sim.RecordedTask;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Watches {@link ChaosEndToEndTest}'s jobs in the jobs table until each is finished and its webhook acknowledged, or
 * until nothing has moved for {@code stall}: no job changed status, attempts, errors or notification and no webhook
 * arrived (routine status checks do not count, they go on while a job is stuck). Then {@link #report()} says where
 * every unfinished job is.
 */
final class ChaosWatch {
    private final JobStore store;
    private final String tenant;
    private final Map<String, ChaosJob> jobs;
    private final WebhookReceiver receiver;
    private final Supplier<List<RecordedTask>> tasks;
    private final FaultPlan faults;
    private final Duration stall;
    private final Duration longest;
    private final long startedNanos = System.nanoTime();
    private long lastMoveNanos = startedNanos;
    private String lastFingerprint = "";
    private Map<String, Job> latest = Map.of();
    private Set<String> acknowledged = Set.of();

    ChaosWatch(JobStore store, String tenant, Map<String, ChaosJob> jobs, WebhookReceiver receiver,
            Supplier<List<RecordedTask>> tasks, FaultPlan faults, Duration stall, Duration longest) {
        this.store = store;
        this.tenant = tenant;
        this.jobs = jobs;
        this.receiver = receiver;
        this.tasks = tasks;
        this.faults = faults;
        this.stall = stall;
        this.longest = longest;
    }

    /** Polled by the test: true once every job is done, or once progress stopped for {@code stall} (or ran {@code longest}). */
    boolean finishedOrStalled() {
        try {
            latest = store.list(tenant, Optional.empty(), 10 * jobs.size(), Optional.empty()).jobs().stream()
                    .filter(job -> jobs.containsKey(job.id())).collect(Collectors.toMap(Job::id, job -> job));
        } catch (SdkException e) {
            return stalled(); // a loaded emulator timing out: look again at the next poll
        }
        List<WebhookReceiver.Delivery> deliveries = List.copyOf(receiver.deliveries());
        acknowledged = deliveries.stream().filter(d -> d.answered() / 100 == 2).map(ChaosWatch::jobIdOf)
                .collect(Collectors.toSet());
        String fingerprint = deliveries.size() + new TreeMap<>(latest).values().stream().map(ChaosWatch::milestones)
                .collect(Collectors.joining("\n"));
        if (!fingerprint.equals(lastFingerprint)) {
            lastFingerprint = fingerprint;
            lastMoveNanos = System.nanoTime();
        }
        return finished() || stalled() || elapsed().compareTo(longest) > 0;
    }

    boolean finished() {
        return jobs.keySet().stream().allMatch(id -> !unfinished(id));
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Every unfinished job: its item, the simulator's task and faults, and what the client's endpoint answered. */
    String report() {
        Map<String, List<Integer>> answers = receiver.deliveries().stream().collect(Collectors.groupingBy(
                ChaosWatch::jobIdOf, Collectors.mapping(WebhookReceiver.Delivery::answered, Collectors.toList())));
        Map<String, RecordedTask> taskByJob = tasks.get().stream().filter(t -> jobIdOf(t) != null)
                .collect(Collectors.toMap(ChaosWatch::jobIdOf, t -> t, (first, second) -> first));
        List<String> open = jobs.keySet().stream().filter(this::unfinished).sorted().toList();
        StringBuilder report = new StringBuilder().append(stalled() ? "no job moved for " + stall.toSeconds() + " s"
                : "jobs still moving at the " + longest.toMinutes() + " min backstop").append(" after ").append(elapsed().toSeconds()).append(" s; ").append(open.size())
                .append(" of ").append(jobs.size()).append(" jobs unfinished (now ").append(Instant.now()).append("):");
        for (String id : open) {
            ChaosJob planned = jobs.get(id);
            report.append("\n- job ").append(id).append(" #").append(planned.number()).append(" '").append(planned.prompt())
                    .append("', must end ").append(planned.expectedStatus()).append(": ")
                    .append(Optional.ofNullable(latest.get(id)).map(ChaosWatch::describe).orElse("no item in the jobs table"));
            RecordedTask task = taskByJob.get(id);
            report.append("\n    simulator: ").append(task == null ? "no task"
                    : "task " + task.taskId() + " " + task.status() + ", callbacks sent " + task.callbacksSent())
                    .append("; ").append(faults.activity(planned.prompt()));
            report.append("\n    client endpoint answered: ").append(answers.getOrDefault(id, List.of()));
        }
        return report.toString();
    }

    /** The job a simulator task belongs to: Kling's external_task_id, or the job named in WaveSpeed's webhook URL. */
    static String jobIdOf(RecordedTask task) {
        if (task.externalTaskId() != null) {
            return task.externalTaskId();
        }
        String url = task.callbackUrl();
        return url == null || !url.contains("job=") ? null : url.substring(url.indexOf("job=") + 4);
    }

    static String jobIdOf(WebhookReceiver.Delivery delivery) {
        try {
            return Json.parse(delivery.body()).path("data").path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException("webhook body is not JSON", e);
        }
    }

    private boolean unfinished(String id) {
        Job job = latest.get(id);
        return job == null || !job.status().isTerminal() || !acknowledged.contains(id);
    }

    private boolean stalled() {
        return Duration.ofNanos(System.nanoTime() - lastMoveNanos).compareTo(stall) > 0;
    }

    /** What counts as a job moving: status, attempts (other than routine checks), errors, notification, outputs. */
    private static String milestones(Job job) {
        JsonNode doc = stored(job);
        ObjectNode attempts = doc.path("attempts").isObject() ? ((ObjectNode) doc.get("attempts")).deepCopy() : Json.object();
        attempts.remove("check");
        return job.id() + " " + job.status().wire() + " " + attempts + " " + doc.path("last_errors") + " "
                + doc.path("notification") + " " + job.hasProviderOutputs();
    }

    /** The job as the table stores it: every field, for the report. */
    private static JsonNode stored(Job job) {
        return Json.fromPlain(Json.readPlainObject(JobJson.write(job)));
    }

    private static String describe(Job job) {
        JsonNode doc = stored(job);
        long nextCheck = job.nextCheckAt();
        StringBuilder text = new StringBuilder("status ").append(job.status().wire()).append(", version ").append(job.version());
        for (String field : List.of("created_at", "submitted_at", "updated_at", "finished_at", "provider_task_id",
                "check_seq", "attempts", "leases", "last_errors", "error", "notification", "early_callback_task",
                "provider_finished_at")) {
            if (doc.hasNonNull(field)) {
                text.append(", ").append(field).append(' ').append(doc.get(field));
            }
        }
        if (nextCheck > 0) {
            long inMillis = nextCheck - System.currentTimeMillis();
            text.append(", next check ").append(Instant.ofEpochMilli(nextCheck)).append(inMillis >= 0
                    ? " (in " + inMillis + " ms)" : " (overdue by " + -inMillis + " ms)");
        }
        text.append(job.hasProviderOutputs() ? ", provider outputs recorded" : ", no provider outputs yet");
        return text.toString();
    }
}

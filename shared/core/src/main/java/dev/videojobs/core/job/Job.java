package dev.videojobs.core.job;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job: what the client asked for ({@link JobSpec}, fixed when it is created) and where it stands, changed by the use
 * cases on a {@link #copy()} and written back by {@link JobTransitions} with a version check.
 */
public final class Job {

    /** A copied output in our bucket. */
    public record Output(String key, long bytes, String sha256, String contentType) {}

    /** Why a job failed, was cancelled or expired; an account problem (credentials, balance) is the operator's to fix. */
    public record Error(String code, String message, boolean accountProblem) {}

    private final String id;
    private final String tenant;
    private final JobSpec spec;
    // where it stands (the builder holds the fields; a job never shares its state object)
    private final JobBuilder state;

    Job(JobBuilder b) {
        this.id = b.id;
        this.tenant = b.tenant;
        this.spec = b.spec;
        this.state = b.copy();
    }

    /** A job to restore (the store's mapper) or create: every field. */
    public static JobBuilder builder() {
        return new JobBuilder();
    }

    /** A new job, {@code queued}, due for its forward now. */
    public static Job queued(String id, String tenant, JobSpec spec) {
        return builder().id(id).tenant(tenant).spec(spec).status(JobStatus.QUEUED).version(1).updatedAt(spec.createdAt())
                .nextCheckAt(spec.createdAt().toEpochMilli()).build();
    }

    /** A copy to change: what a transition works on. */
    public Job copy() {
        return new Job(state);
    }

    public String id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public JobSpec spec() {
        return spec;
    }

    public String model() {
        return spec.model();
    }

    public String provider() {
        return spec.provider();
    }

    public Optional<String> webhookUrl() {
        return spec.webhookUrl();
    }

    public Instant deadline() {
        return spec.deadline();
    }

    public Optional<String> requestFileKey() {
        return spec.source().requestFile();
    }

    // --- where it stands ---

    public JobStatus status() {
        return state.status;
    }

    public long version() {
        return state.version;
    }

    public Instant updatedAt() {
        return state.updatedAt;
    }

    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(state.finishedAt);
    }

    /** When the sweeper next looks at this live job (epoch millis; 0 once it has ended). */
    public long nextCheckAt() {
        return state.nextCheckAt;
    }

    /** The number of the latest planned check: an older check's message is stale. */
    public int checkSequence() {
        return state.checkSequence;
    }

    public Optional<String> providerTaskId() {
        return Optional.ofNullable(state.providerTaskId);
    }

    public Optional<Instant> submittedAt() {
        return Optional.ofNullable(state.submittedAt);
    }

    /** Since when a submit may have created a task that we do not know of: it is reconciled before any other submit. */
    public Optional<Instant> submitInDoubtSince() {
        return Optional.ofNullable(state.submitInDoubtSince);
    }

    /** A task id the provider's callback named before our submit knew it (see ApplyProviderReport). */
    public Optional<String> earlyCallbackTask() {
        return Optional.ofNullable(state.earlyCallbackTask);
    }

    /** Output locations the provider reported (URLs, or staged content), recorded before the copy starts. */
    public List<String> providerOutputs() {
        return state.providerOutputs == null ? List.of() : state.providerOutputs;
    }

    public boolean hasProviderOutputs() {
        return state.providerOutputs != null;
    }

    public Optional<List<Boolean>> nsfw() {
        return Optional.ofNullable(state.nsfw);
    }

    public Optional<Instant> providerFinishedAt() {
        return Optional.ofNullable(state.providerFinishedAt);
    }

    public Optional<String> providerUnits() {
        return Optional.ofNullable(state.providerUnits);
    }

    public List<Output> outputs() {
        return state.outputs == null ? List.of() : state.outputs;
    }

    public Optional<Error> error() {
        return Optional.ofNullable(state.error);
    }

    public int attempts(Counter counter) {
        return state.attempts.getOrDefault(counter, 0);
    }

    public Map<Counter, Integer> attempts() {
        return Collections.unmodifiableMap(state.attempts);
    }

    /** Until when a worker holds the step (epoch millis), 0 when nobody does. */
    public long leaseUntil(Step step) {
        return state.leases.getOrDefault(step, 0L);
    }

    public Map<Step, Long> leases() {
        return Collections.unmodifiableMap(state.leases);
    }

    /** The latest failure of each step, shown to the client so it sees why a job is not moving. */
    public Map<Step, String> lastErrors() {
        return Collections.unmodifiableMap(state.lastErrors);
    }

    public Optional<Notification> notification() {
        return Optional.ofNullable(state.notification);
    }

    // --- changes (on a copy) ---

    public Job moveTo(JobStatus next, Instant now) {
        if (!state.status.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + " cannot move from " + state.status.wire() + " to " + next.wire());
        }
        state.status = next;
        touch(now);
        if (next.isTerminal()) {
            state.finishedAt = now;
            state.nextCheckAt = 0;
            state.leases.clear();
        }
        return this;
    }

    public Job touch(Instant now) {
        state.updatedAt = now;
        return this;
    }

    public Job bumpVersion() {
        state.version++;
        return this;
    }

    public Job nextCheckAt(Instant when) {
        state.nextCheckAt = when.toEpochMilli();
        return this;
    }

    /** Plans a new check: its sequence number is the job's latest from now on. */
    public Job nextCheckSequence() {
        state.checkSequence++;
        return this;
    }

    public Job submitted(String taskId, Instant now) {
        state.providerTaskId = taskId;
        state.submittedAt = now;
        state.submitInDoubtSince = null;
        return this;
    }

    /** The task a submit created, kept on a job that ended meanwhile, so that everyone knows whose task it is. */
    public Job providerTask(String taskId) {
        state.providerTaskId = taskId;
        return this;
    }

    public Job submitInDoubtSince(Optional<Instant> since) {
        state.submitInDoubtSince = since.orElse(null);
        return this;
    }

    public Job earlyCallbackTask(String taskId) {
        state.earlyCallbackTask = taskId;
        return this;
    }

    public Job providerFinished(List<String> sources, List<Boolean> nsfwFlags, Optional<String> units, Instant now) {
        state.providerOutputs = List.copyOf(sources);
        state.nsfw = List.copyOf(nsfwFlags);
        state.providerFinishedAt = now;
        units.ifPresent(u -> state.providerUnits = u);
        return this;
    }

    public Job outputs(List<Output> copied) {
        state.outputs = List.copyOf(copied);
        return this;
    }

    public Job countAttempt(Counter counter) {
        state.attempts.merge(counter, 1, Integer::sum);
        return this;
    }

    public Job lease(Step step, Instant until) {
        state.leases.put(step, until.toEpochMilli());
        return this;
    }

    public Job releaseLease(Step step) {
        state.leases.remove(step);
        return this;
    }

    public Job error(String code, String message) {
        state.error = new Error(code, message, false);
        return this;
    }

    public Job accountProblem() {
        state.error = new Error(state.error.code(), state.error.message(), true);
        return this;
    }

    public Job lastError(Step step, String message) {
        state.lastErrors.put(step, message);
        return this;
    }

    /** The job's webhook event, opened when it ends. */
    public Notification openNotification() {
        if (state.notification == null) {
            state.notification = new Notification();
        }
        return state.notification;
    }
}

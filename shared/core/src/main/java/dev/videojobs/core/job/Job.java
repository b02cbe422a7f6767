package dev.videojobs.core.job;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
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
    private JobStatus status;
    private long version;
    private Instant updatedAt;
    private Instant finishedAt;
    private long nextCheckAt;
    private int checkSequence;
    private String providerTaskId;
    private Instant submittedAt;
    private Instant submitInDoubtSince;
    private String earlyCallbackTask;
    private List<String> providerOutputs;
    private List<Boolean> nsfw;
    private Instant providerFinishedAt;
    private String providerUnits;
    private List<Output> outputs;
    private Error error;
    private final EnumMap<Counter, Integer> attempts;
    private final EnumMap<Step, Long> leases;
    private final EnumMap<Step, String> lastErrors;
    private Notification notification;

    Job(JobBuilder b) {
        this.id = b.id;
        this.tenant = b.tenant;
        this.spec = b.spec;
        this.status = b.status;
        this.version = b.version;
        this.updatedAt = b.updatedAt;
        this.finishedAt = b.finishedAt;
        this.nextCheckAt = b.nextCheckAt;
        this.checkSequence = b.checkSequence;
        this.providerTaskId = b.providerTaskId;
        this.submittedAt = b.submittedAt;
        this.submitInDoubtSince = b.submitInDoubtSince;
        this.earlyCallbackTask = b.earlyCallbackTask;
        this.providerOutputs = b.providerOutputs == null ? null : List.copyOf(b.providerOutputs);
        this.nsfw = b.nsfw == null ? null : List.copyOf(b.nsfw);
        this.providerFinishedAt = b.providerFinishedAt;
        this.providerUnits = b.providerUnits;
        this.outputs = b.outputs == null ? null : List.copyOf(b.outputs);
        this.error = b.error;
        this.attempts = new EnumMap<>(Counter.class);
        this.attempts.putAll(b.attempts);
        this.leases = new EnumMap<>(Step.class);
        this.leases.putAll(b.leases);
        this.lastErrors = new EnumMap<>(Step.class);
        this.lastErrors.putAll(b.lastErrors);
        this.notification = b.notification == null ? null : b.notification.copy();
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
        return toBuilder().build();
    }

    public JobBuilder toBuilder() {
        JobBuilder b = new JobBuilder().id(id).tenant(tenant).spec(spec).status(status).version(version).updatedAt(updatedAt).finishedAt(finishedAt)
                .nextCheckAt(nextCheckAt).checkSequence(checkSequence).providerTaskId(providerTaskId).submittedAt(submittedAt)
                .submitInDoubtSince(submitInDoubtSince).earlyCallbackTask(earlyCallbackTask).providerOutputs(providerOutputs).nsfw(nsfw)
                .providerFinishedAt(providerFinishedAt).providerUnits(providerUnits).outputs(outputs).error(error).notification(notification);
        attempts.forEach(b::attempts);
        leases.forEach(b::lease);
        lastErrors.forEach(b::lastError);
        return b;
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
        return status;
    }

    public long version() {
        return version;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** When the sweeper next looks at this live job (epoch millis; 0 once it has ended). */
    public long nextCheckAt() {
        return nextCheckAt;
    }

    /** The number of the latest planned check: an older check's message is stale. */
    public int checkSequence() {
        return checkSequence;
    }

    public Optional<String> providerTaskId() {
        return Optional.ofNullable(providerTaskId);
    }

    public Optional<Instant> submittedAt() {
        return Optional.ofNullable(submittedAt);
    }

    /** Since when a submit may have created a task that we do not know of: it is reconciled before any other submit. */
    public Optional<Instant> submitInDoubtSince() {
        return Optional.ofNullable(submitInDoubtSince);
    }

    /** A task id the provider's callback named before our submit knew it (see ApplyProviderReport). */
    public Optional<String> earlyCallbackTask() {
        return Optional.ofNullable(earlyCallbackTask);
    }

    /** Output locations the provider reported (URLs, or staged content), recorded before the copy starts. */
    public List<String> providerOutputs() {
        return providerOutputs == null ? List.of() : providerOutputs;
    }

    public boolean hasProviderOutputs() {
        return providerOutputs != null;
    }

    public Optional<List<Boolean>> nsfw() {
        return Optional.ofNullable(nsfw);
    }

    public Optional<Instant> providerFinishedAt() {
        return Optional.ofNullable(providerFinishedAt);
    }

    public Optional<String> providerUnits() {
        return Optional.ofNullable(providerUnits);
    }

    public List<Output> outputs() {
        return outputs == null ? List.of() : outputs;
    }

    public Optional<Error> error() {
        return Optional.ofNullable(error);
    }

    public int attempts(Counter counter) {
        return attempts.getOrDefault(counter, 0);
    }

    public Map<Counter, Integer> attempts() {
        return Collections.unmodifiableMap(attempts);
    }

    /** Until when a worker holds the step (epoch millis), 0 when nobody does. */
    public long leaseUntil(Step step) {
        return leases.getOrDefault(step, 0L);
    }

    public Map<Step, Long> leases() {
        return Collections.unmodifiableMap(leases);
    }

    /** The latest failure of each step, shown to the client so it sees why a job is not moving. */
    public Map<Step, String> lastErrors() {
        return Collections.unmodifiableMap(lastErrors);
    }

    public Optional<Notification> notification() {
        return Optional.ofNullable(notification);
    }

    // --- changes (on a copy) ---

    public Job moveTo(JobStatus next, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + " cannot move from " + status.wire() + " to " + next.wire());
        }
        status = next;
        touch(now);
        if (next.isTerminal()) {
            finishedAt = now;
            nextCheckAt = 0;
            leases.clear();
        }
        return this;
    }

    public Job touch(Instant now) {
        updatedAt = now;
        return this;
    }

    public Job bumpVersion() {
        version++;
        return this;
    }

    public Job nextCheckAt(Instant when) {
        nextCheckAt = when.toEpochMilli();
        return this;
    }

    /** Plans a new check: its sequence number is the job's latest from now on. */
    public Job nextCheckSequence() {
        checkSequence++;
        return this;
    }

    public Job submitted(String taskId, Instant now) {
        providerTaskId = taskId;
        submittedAt = now;
        submitInDoubtSince = null;
        return this;
    }

    /** The task a submit created, kept on a job that ended meanwhile, so that everyone knows whose task it is. */
    public Job providerTask(String taskId) {
        providerTaskId = taskId;
        return this;
    }

    public Job submitInDoubtSince(Optional<Instant> since) {
        submitInDoubtSince = since.orElse(null);
        return this;
    }

    public Job earlyCallbackTask(String taskId) {
        earlyCallbackTask = taskId;
        return this;
    }

    public Job providerFinished(List<String> sources, List<Boolean> nsfwFlags, Optional<String> units, Instant now) {
        providerOutputs = List.copyOf(sources);
        nsfw = List.copyOf(nsfwFlags);
        providerFinishedAt = now;
        units.ifPresent(u -> providerUnits = u);
        return this;
    }

    public Job outputs(List<Output> copied) {
        outputs = List.copyOf(copied);
        return this;
    }

    public Job countAttempt(Counter counter) {
        attempts.merge(counter, 1, Integer::sum);
        return this;
    }

    public Job lease(Step step, Instant until) {
        leases.put(step, until.toEpochMilli());
        return this;
    }

    public Job releaseLease(Step step) {
        leases.remove(step);
        return this;
    }

    public Job error(String code, String message) {
        error = new Error(code, message, false);
        return this;
    }

    public Job accountProblem() {
        error = new Error(error.code(), error.message(), true);
        return this;
    }

    public Job lastError(Step step, String message) {
        lastErrors.put(step, message);
        return this;
    }

    /** The job's webhook event, opened when it ends. */
    public Notification openNotification() {
        if (notification == null) {
            notification = new Notification();
        }
        return notification;
    }
}

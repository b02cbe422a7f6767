package dev.videojobs.core.job;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;

/** Every field of a {@link Job}: for restoring a stored one and for creating one. */
public final class JobBuilder {

    String id;
    String tenant;
    JobSpec spec;
    JobStatus status = JobStatus.QUEUED;
    long version = 1;
    Instant updatedAt;
    Instant finishedAt;
    long nextCheckAt;
    int checkSequence;
    String providerTaskId;
    Instant submittedAt;
    Instant submitInDoubtSince;
    String earlyCallbackTask;
    List<String> providerOutputs;
    List<Boolean> nsfw;
    Instant providerFinishedAt;
    String providerUnits;
    List<Job.Output> outputs;
    Job.Error error;
    final EnumMap<Counter, Integer> attempts = new EnumMap<>(Counter.class);
    final EnumMap<Step, Long> leases = new EnumMap<>(Step.class);
    final EnumMap<Step, String> lastErrors = new EnumMap<>(Step.class);
    Notification notification;

    JobBuilder() {}

    public JobBuilder id(String v) { id = v; return this; }
    public JobBuilder tenant(String v) { tenant = v; return this; }
    public JobBuilder spec(JobSpec v) { spec = v; return this; }
    public JobBuilder status(JobStatus v) { status = v; return this; }
    public JobBuilder version(long v) { version = v; return this; }
    public JobBuilder updatedAt(Instant v) { updatedAt = v; return this; }
    public JobBuilder finishedAt(Instant v) { finishedAt = v; return this; }
    public JobBuilder nextCheckAt(long v) { nextCheckAt = v; return this; }
    public JobBuilder checkSequence(int v) { checkSequence = v; return this; }
    public JobBuilder providerTaskId(String v) { providerTaskId = v; return this; }
    public JobBuilder submittedAt(Instant v) { submittedAt = v; return this; }
    public JobBuilder submitInDoubtSince(Instant v) { submitInDoubtSince = v; return this; }
    public JobBuilder earlyCallbackTask(String v) { earlyCallbackTask = v; return this; }
    public JobBuilder providerOutputs(List<String> v) { providerOutputs = v == null ? null : List.copyOf(v); return this; }
    public JobBuilder nsfw(List<Boolean> v) { nsfw = v == null ? null : List.copyOf(v); return this; }
    public JobBuilder providerFinishedAt(Instant v) { providerFinishedAt = v; return this; }
    public JobBuilder providerUnits(String v) { providerUnits = v; return this; }
    public JobBuilder outputs(List<Job.Output> v) { outputs = v == null ? null : List.copyOf(v); return this; }
    public JobBuilder error(Job.Error v) { error = v; return this; }
    public JobBuilder attempts(Counter counter, int count) { attempts.put(counter, count); return this; }
    public JobBuilder lease(Step step, long until) { leases.put(step, until); return this; }
    public JobBuilder lastError(Step step, String message) { lastErrors.put(step, message); return this; }
    public JobBuilder notification(Notification v) { notification = v; return this; }

    public Job build() {
        return new Job(this);
    }

    /** A deep copy: lists are immutable already, maps and the notification are copied. */
    JobBuilder copy() {
        JobBuilder copy = new JobBuilder().id(id).tenant(tenant).spec(spec).status(status).version(version).updatedAt(updatedAt)
                .finishedAt(finishedAt).nextCheckAt(nextCheckAt).checkSequence(checkSequence).providerTaskId(providerTaskId)
                .submittedAt(submittedAt).submitInDoubtSince(submitInDoubtSince).earlyCallbackTask(earlyCallbackTask)
                .providerOutputs(providerOutputs).nsfw(nsfw).providerFinishedAt(providerFinishedAt).providerUnits(providerUnits)
                .outputs(outputs).error(error).notification(notification == null ? null : notification.copy());
        copy.attempts.putAll(attempts);
        copy.leases.putAll(leases);
        copy.lastErrors.putAll(lastErrors);
        return copy;
    }
}

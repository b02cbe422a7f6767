package dev.videojobs.core.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable jobs. Every change is a conditional write on the version the writer read. */
public interface JobStore {

    /** Creates the job; false when a job with that id already exists. */
    boolean create(Job job);

    Optional<Job> get(String id);

    /** Writes {@code changed} (version already bumped) if the stored version is still {@code expectedVersion}. */
    boolean replace(Job changed, long expectedVersion);

    /**
     * Deletes the job if the stored version is still {@code job}'s; false when it moved or is gone. Its provider task
     * stays known as this (deleted) job's to {@link #findByProviderTask}, so that reconciling another job's submit in
     * doubt never takes it for a task that submit may have created.
     */
    boolean delete(Job job);

    Optional<String> findByProviderTask(String provider, String taskId);

    JobPage list(String tenant, Optional<JobStatus> status, int limit, Optional<String> cursor);

    /** Ids of live jobs whose next check is at or before {@code nowMillis}, oldest first. */
    List<String> due(long nowMillis, int limit);

    /** When the oldest job not yet ended was created; empty when every job has ended. */
    Optional<Instant> oldestLiveCreatedAt();

    record JobPage(List<Job> jobs, Optional<String> nextCursor) {}

    /** A cursor that is not one this store handed to this tenant. */
    final class InvalidCursorException extends RuntimeException {
        public InvalidCursorException() {
            super("cursor is not valid");
        }
    }
}

package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore.JobPage;
import dev.videojobs.core.job.JobStore;
import java.util.Optional;

/** A tenant reads its own jobs; another tenant's job is as absent as one that never existed. */
public final class ReadJobs {

    private final JobStore jobs;

    public ReadJobs(JobStore jobs) {
        this.jobs = jobs;
    }

    public Job own(String tenant, String jobId) {
        return jobs.get(jobId).filter(job -> job.tenant().equals(tenant)).orElseThrow(() -> ClientError.notFound("job"));
    }

    public JobPage list(String tenant, Optional<JobStatus> status, int limit, Optional<String> cursor) {
        return jobs.list(tenant, status, limit, cursor);
    }
}

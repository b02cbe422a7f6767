package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The client deletes an ended job now rather than at the end of its retention: its input, output, staged and result
 * objects, then its item. A live job cannot be deleted (cancel it first): its work would still write to it.
 */
public final class DeleteJob {

    private final ReadJobs reads;
    private final JobStore jobs;
    private final MediaStore media;

    public DeleteJob(ReadJobs reads, JobStore jobs, MediaStore media) {
        this.reads = reads;
        this.jobs = jobs;
        this.media = media;
    }

    public void delete(String tenant, String jobId) {
        Job job = reads.own(tenant, jobId);
        if (!job.status().isTerminal()) {
            throw ClientError.conflict("job_not_finished", "job is " + job.status().wire() + "; cancel it before deleting it", null);
        }
        // objects first: a failure half-way leaves the item, so the client can ask again (deleting a key twice is harmless)
        objectsOf(job).forEach(media::delete);
        if (!jobs.delete(job)) {
            // a notification was recorded meanwhile: the job is still ended and ours, so delete what is there now
            jobs.delete(reads.own(tenant, jobId));
        }
    }

    /** Every key in our bucket that belongs to this job (the client's own request file is the client's to delete). */
    static List<String> objectsOf(Job job) {
        List<String> keys = new ArrayList<>(job.spec().inputs().values());
        job.outputs().forEach(output -> keys.add(output.key()));
        job.providerOutputs().stream().filter(source -> source.startsWith(MediaKeys.STAGED))
                .forEach(source -> keys.add(source.substring(MediaKeys.STAGED.length())));
        job.requestFileKey().ifPresent(requestFile -> keys.add(MediaKeys.resultOf(requestFile)));
        return keys;
    }
}

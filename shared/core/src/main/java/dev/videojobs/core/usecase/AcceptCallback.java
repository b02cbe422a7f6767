package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.json.JsonLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

/**
 * A provider's callback about a task. Both providers' callback URLs carry the job's secret token, which alone binds a
 * callback to a job. A signed report (WaveSpeed, verified by its adapter) is applied as is; an unsigned notice (Kling)
 * is confirmed with the provider's query before anything moves. Either way the transition is idempotent, so
 * duplicates and late callbacks change nothing.
 */
public final class AcceptCallback {

    private final JobStore jobs;
    private final ApplyProviderReport reports;
    private final Function<ProviderName, VideoProvider> providers;

    public AcceptCallback(JobStore jobs, ApplyProviderReport reports, Function<ProviderName, VideoProvider> providers) {
        this.jobs = jobs;
        this.reports = reports;
        this.providers = providers;
    }

    /**
     * A report whose signature the provider's adapter verified. With a token, it goes to the token's job (a signed body
     * replayed at another job's URL lacks that job's token); without one (a URL from before tokens), only to the job
     * that already owns the signed task id. Either way the job must own the task once it has one.
     *
     * @throws ClientError not found, when the token is no job's
     */
    public void signedReport(ProviderName provider, Optional<String> token, TaskState state) {
        Optional<String> jobId = token.isPresent()
                ? Optional.of(tokenHolder(token.get()).orElseThrow(() -> ClientError.notFound("callback")).id())
                : jobs.findByProviderTask(provider.wire(), state.taskId());
        jobId.ifPresent(id -> reports.apply(id, state, Optional.empty()));
    }

    /**
     * An unsigned notice that the token's job may have moved: the job's task is asked about, and what the provider
     * answers is applied. A failed confirmation is only a missed hint: the job's scheduled checks see the same state.
     *
     * @throws ClientError not found, when the token is no job's
     */
    public void unsignedNotice(String token) {
        Job job = tokenHolder(token).orElseThrow(() -> ClientError.notFound("callback"));
        Optional<String> taskId = job.providerTaskId();
        if (taskId.isEmpty() || job.status().isTerminal()) {
            return;
        }
        try {
            TaskState confirmed = providers.apply(JobSteps.provider(job)).query(ProductModel.fromId(job.model()).orElseThrow(), taskId.get());
            reports.apply(job.id(), confirmed, Optional.empty());
        } catch (ProviderException e) {
            JsonLog.warn("callback_unconfirmed", "could not confirm a " + job.provider() + " callback: " + e.getMessage(), "job_id", job.id());
        }
    }

    /** The job whose callback token ({@code <job id>.<secret>}) this is, compared in constant time. */
    private Optional<Job> tokenHolder(String token) {
        String jobId = token.contains(".") ? token.substring(0, token.indexOf('.')) : "";
        // a token whose job id part cannot be ours gets the unknown token's answer, without a read
        return (JobIds.isWellFormed(jobId) ? jobs.get(jobId) : Optional.<Job>empty()).filter(job -> MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), Optional.ofNullable(job.spec().callbackToken()).orElse("").getBytes(StandardCharsets.UTF_8)));
    }
}

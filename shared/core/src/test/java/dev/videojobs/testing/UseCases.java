package dev.videojobs.testing;

import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.metrics.MeteredProvider;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.usecase.AcceptCallback;
import dev.videojobs.core.usecase.ApplyProviderReport;
import dev.videojobs.core.usecase.CancelJob;
import dev.videojobs.core.usecase.CheckJob;
import dev.videojobs.core.usecase.ForwardJob;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.core.usecase.NoteFailedDelivery;
import dev.videojobs.core.usecase.ReadJobs;
import dev.videojobs.core.usecase.RedeliverNotification;
import dev.videojobs.core.usecase.SweepJobs;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/** Every job use case wired over the given adapters, as the functions' composition roots wire them. */
public final class UseCases {

    public final JobSteps steps;
    public final ReadJobs reads;
    public final ForwardJob forward;
    public final ApplyProviderReport reports;
    public final CheckJob check;
    public final SweepJobs sweep;
    public final CancelJob cancel;
    public final RedeliverNotification redeliver;
    public final NoteFailedDelivery noteFailure;
    public final AcceptCallback callbacks;
    /** What the use cases measured, provider calls included. */
    public final RecordedMetrics metrics = new RecordedMetrics();

    public UseCases(JobStore jobs, WorkQueue queue, MediaStore media, Function<ProviderName, VideoProvider> providers,
            Schedules schedules, Map<ProviderName, URI> callbackBaseUrls, Clock clock) {
        JobMetrics measured = new JobMetrics(metrics);
        providers = providers.andThen(provider -> new MeteredProvider(provider, measured));
        this.steps = JobSteps.over(jobs, queue, clock, schedules, measured);
        this.reads = new ReadJobs(jobs);
        this.forward = new ForwardJob(jobs, steps, media, providers, callbackBaseUrls);
        this.reports = new ApplyProviderReport(steps, media);
        this.check = new CheckJob(jobs, steps, reports, providers);
        this.sweep = new SweepJobs(jobs, steps);
        this.cancel = new CancelJob(reads, steps);
        this.redeliver = new RedeliverNotification(reads, steps);
        this.noteFailure = new NoteFailedDelivery(steps);
        this.callbacks = new AcceptCallback(jobs, reports, providers);
    }
}

package dev.videojobs.poll;

import dev.videojobs.adapter.aws.AwsAdapters;
import dev.videojobs.adapter.lambda.SnapStartPriming;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.adapter.metrics.EmfMetricSink;
import dev.videojobs.adapter.provider.ProviderCredentials;
import dev.videojobs.adapter.provider.Providers;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.metrics.MeteredProvider;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.usecase.AcceptCallback;
import dev.videojobs.core.usecase.ApplyProviderReport;
import dev.videojobs.core.usecase.CheckJob;
import dev.videojobs.core.usecase.ForwardJob;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.core.usecase.NoteFailedDelivery;
import dev.videojobs.core.usecase.SweepJobs;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The composition root of PollFunction, CallbackFunction and SweepFunction: the only functions that talk to
 * providers, so the only ones with provider clients and their credentials.
 */
final class PollComponents {

    final Clock clock = Clock.systemUTC();
    private final Config config;
    private final AwsAdapters aws;
    // read from Secrets Manager by the functions that call providers, during their init; SweepFunction never does
    private final Supplier<ProviderCredentials> credentials;
    private final Supplier<Providers> providers;
    private final EmfMetricSink metricSink;
    private final JobMetrics metrics;
    private final JobSteps steps;
    private final ApplyProviderReport reports;

    PollComponents(Config config) {
        this.config = config;
        this.aws = new AwsAdapters(config, clock);
        this.credentials = AwsAdapters.once(() -> ProviderCredentials.load(config, aws::readSecret));
        this.providers = AwsAdapters.once(() -> Providers.from(config, credentials.get(), clock));
        this.metricSink = EmfMetricSink.from(config);
        this.metrics = new JobMetrics(metricSink);
        this.steps = JobSteps.over(aws.jobStore(), aws.queue(), clock, Schedules.from(config), metrics);
        // the media store whose presigned URLs providers fetch the inputs from
        this.reports = new ApplyProviderReport(steps, aws.mediaForProviders());
    }

    static PollComponents primedForSnapStart(Map<String, String> environment) {
        PollComponents components = new PollComponents(new Config(environment));
        SnapStartPriming.register(components::prime);
        return components;
    }

    /** Before the SnapStart snapshot: the AWS clients' and the metrics library's first-use work. */
    private void prime() {
        aws.prime();
        metricSink.prime();
    }

    ForwardJob forwardJob() {
        return new ForwardJob(aws.jobStore(), steps, aws.mediaForProviders(), this::provider, ForwardJob.callbackBaseUrls(config));
    }

    CheckJob checkJob() {
        return new CheckJob(aws.jobStore(), steps, reports, this::provider);
    }

    /** The provider's client, its calls and refusals counted. */
    private VideoProvider provider(ProviderName name) {
        return new MeteredProvider(providers.get().get(name), metrics);
    }

    SweepJobs sweepJobs() {
        return new SweepJobs(aws.jobStore(), steps);
    }

    SqsBatch pollQueueBatch() {
        return new SqsBatch(aws.queue(), WorkQueue.Name.POLL, clock, new NoteFailedDelivery(steps)::note);
    }

    /** WaveSpeed's signature is checked with the secret from its credentials, Kling's callbacks confirmed by query. */
    CallbackApi callbackApi() {
        String secret = credentials.get().waveSpeedWebhookSecret();
        WaveSpeedWebhookVerifier verifier = secret == null ? null : new WaveSpeedWebhookVerifier(secret, clock);
        return new CallbackApi(new AcceptCallback(aws.jobStore(), reports, this::provider), () -> {
            if (verifier == null) {
                throw new IllegalStateException("wavespeed_webhook_secret is not configured");
            }
            return verifier;
        });
    }
}

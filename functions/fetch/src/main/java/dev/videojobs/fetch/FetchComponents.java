package dev.videojobs.fetch;

import dev.videojobs.adapter.aws.AwsAdapters;
import dev.videojobs.adapter.http.SafeHttpFetcher;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.adapter.lambda.JsonClientDocuments;
import dev.videojobs.adapter.lambda.SnapStartPriming;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.adapter.metrics.EmfMetricSink;
import dev.videojobs.adapter.webhook.StandardWebhooksSigner;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.usecase.CopyOutputs;
import dev.videojobs.core.usecase.DeliverNotification;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.core.usecase.NoteFailedDelivery;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root of FetchFunction and NotifyFunction: S3, the SSRF-safe fetcher for provider outputs and
 * client webhooks, and Standard Webhooks signing. No provider client.
 */
final class FetchComponents {

    private final Clock clock = Clock.systemUTC();
    private final AwsAdapters aws;
    private final SafeHttpFetcher fetcher;
    private final EmfMetricSink metricSink;
    private final JobSteps steps;

    FetchComponents(Config config) {
        this.aws = new AwsAdapters(config, clock);
        this.fetcher = new SafeHttpFetcher(AddressPolicy.from(config));
        this.metricSink = EmfMetricSink.from(config);
        this.steps = JobSteps.over(aws.jobStore(), aws.queue(), clock, Schedules.from(config), new JobMetrics(metricSink));
    }

    static FetchComponents primedForSnapStart(Map<String, String> environment) {
        FetchComponents components = new FetchComponents(new Config(environment));
        SnapStartPriming.register(components::prime);
        return components;
    }

    /** Before the SnapStart snapshot: the AWS clients' and the metrics library's first-use work. */
    private void prime() {
        aws.prime();
        metricSink.prime();
    }

    CopyOutputs copyOutputs() {
        return new CopyOutputs(steps, aws.media(), fetcher);
    }

    DeliverNotification deliverNotification() {
        return new DeliverNotification(aws.jobStore(), steps, new JsonClientDocuments(new JobView(aws.media())), aws.media(),
                aws.webhookSecrets(), new StandardWebhooksSigner(), fetcher, clock);
    }

    SqsBatch batch(WorkQueue.Name queue) {
        return new SqsBatch(aws.queue(), queue, clock, new NoteFailedDelivery(steps)::note);
    }
}

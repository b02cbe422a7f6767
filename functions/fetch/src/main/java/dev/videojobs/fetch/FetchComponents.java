package dev.videojobs.fetch;

import dev.videojobs.adapter.aws.AwsAdapters;
import dev.videojobs.adapter.http.SafeHttpFetcher;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.adapter.lambda.SnapStartPriming;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.job.JobTransitions;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.usecase.JobWorkflow;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root of FetchFunction and NotifyFunction: S3, the SSRF-safe fetcher for provider outputs and
 * client webhooks, and Standard Webhooks signing. No provider client.
 */
final class FetchComponents {

    final Clock clock = Clock.systemUTC();
    final AwsAdapters aws;
    final SafeHttpFetcher fetcher;
    final Schedules schedules;
    final JobTransitions transitions;
    final JobWorkflow workflow;
    final JobView jobView;

    FetchComponents(Config config) {
        this.aws = new AwsAdapters(config, clock);
        this.fetcher = new SafeHttpFetcher(AddressPolicy.from(config));
        this.schedules = Schedules.from(config);
        this.transitions = new JobTransitions(aws.jobStore(), clock);
        this.workflow = new JobWorkflow(aws.jobStore(), transitions, aws.queue(), aws.media(), provider -> {
            throw new IllegalStateException("FetchFunction does not call providers");
        }, schedules, Map.of());
        this.jobView = new JobView(aws.media());
    }

    static FetchComponents primedForSnapStart(Map<String, String> environment) {
        FetchComponents components = new FetchComponents(new Config(environment));
        SnapStartPriming.register(components.aws::prime);
        return components;
    }
}

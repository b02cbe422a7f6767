package dev.videojobs.poll;

import dev.videojobs.adapter.aws.AwsAdapters;
import dev.videojobs.adapter.lambda.SnapStartPriming;
import dev.videojobs.adapter.provider.ProviderCredentials;
import dev.videojobs.adapter.provider.Providers;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.job.JobTransitions;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.usecase.JobWorkflow;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root of PollFunction, CallbackFunction and SweepFunction: the only functions that talk to
 * providers, so the only ones with provider clients and their credentials.
 */
final class PollComponents {

    final Clock clock = Clock.systemUTC();
    final AwsAdapters aws;
    final ProviderCredentials credentials;
    final Providers providers;
    final JobWorkflow workflow;

    PollComponents(Config config) {
        this.aws = new AwsAdapters(config, clock);
        this.credentials = ProviderCredentials.load(config, aws::readSecret);
        this.providers = Providers.from(config, credentials, clock);
        this.workflow = new JobWorkflow(aws.jobStore(), new JobTransitions(aws.jobStore(), clock), aws.queue(), aws.mediaForProviders(),
                providers::get, Schedules.from(config), JobWorkflow.callbackBaseUrls(config));
    }

    static PollComponents primedForSnapStart(Map<String, String> environment) {
        PollComponents components = new PollComponents(new Config(environment));
        SnapStartPriming.register(components.aws::prime);
        return components;
    }
}

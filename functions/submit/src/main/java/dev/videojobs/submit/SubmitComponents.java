package dev.videojobs.submit;

import dev.videojobs.adapter.aws.AwsAdapters;
import dev.videojobs.adapter.http.SafeHttpFetcher;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.adapter.lambda.SnapStartPriming;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.job.JobTransitions;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.usecase.ImageResolver;
import dev.videojobs.core.usecase.JobWorkflow;
import dev.videojobs.core.usecase.SubmitService;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root of SubmitFunction and RequestFileFunction: what they use, built once per container from the
 * function's environment (during init, so it lands in the SnapStart snapshot). No provider client: submitting to a
 * provider is PollFunction's work.
 */
final class SubmitComponents {

    final Clock clock = Clock.systemUTC();
    final AwsAdapters aws;
    final SubmitService submitService;
    final JobWorkflow workflow;
    final JobView jobView;

    SubmitComponents(Config config) {
        this.aws = new AwsAdapters(config, clock);
        AddressPolicy addresses = AddressPolicy.from(config);
        this.submitService = new SubmitService(RequestValidator.from(config, addresses),
                new ImageResolver(new SafeHttpFetcher(addresses), aws.media(), aws.bucket()), aws.media(), aws.jobStore(),
                aws.idempotencyKeys(), aws.queue(), clock);
        this.workflow = new JobWorkflow(aws.jobStore(), new JobTransitions(aws.jobStore(), clock), aws.queue(), aws.media(),
                provider -> {
                    throw new IllegalStateException("SubmitFunction does not call providers");
                }, Schedules.from(config), Map.of());
        this.jobView = new JobView(aws.media());
    }

    static SubmitComponents primedForSnapStart(Map<String, String> environment) {
        SubmitComponents components = new SubmitComponents(new Config(environment));
        SnapStartPriming.register(components.aws::prime);
        return components;
    }
}

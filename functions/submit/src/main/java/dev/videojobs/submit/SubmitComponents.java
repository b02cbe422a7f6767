package dev.videojobs.submit;

import dev.videojobs.adapter.aws.AwsAdapters;
import dev.videojobs.adapter.http.SafeHttpFetcher;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.adapter.lambda.JsonClientDocuments;
import dev.videojobs.adapter.lambda.SnapStartPriming;
import dev.videojobs.adapter.metrics.EmfMetricSink;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.notify.WebhookSecrets;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.tenant.TenantRegistry;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.usecase.AcceptRequestFile;
import dev.videojobs.core.usecase.CancelJob;
import dev.videojobs.core.usecase.DeleteJob;
import dev.videojobs.core.usecase.ImageResolver;
import dev.videojobs.core.usecase.IssueUpload;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.core.usecase.ReadJobs;
import dev.videojobs.core.usecase.RedeliverNotification;
import dev.videojobs.core.usecase.RotateWebhookSecret;
import dev.videojobs.core.usecase.SubmitJob;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The composition root of SubmitFunction and RequestFileFunction: what they use, built once per container from the
 * function's environment (during init, so it lands in the SnapStart snapshot). No provider client: submitting to a
 * provider is PollFunction's work.
 */
final class SubmitComponents {

    private final AwsAdapters aws;
    private final EmfMetricSink metricSink;
    private final SubmitJob submit;
    private final JobSteps steps;
    private final ReadJobs reads;
    private final JobView view;
    private final Duration secretOverlap;
    private final Clock clock = Clock.systemUTC();

    SubmitComponents(Config config) {
        this.aws = new AwsAdapters(config, clock);
        AddressPolicy addresses = AddressPolicy.from(config);
        this.metricSink = EmfMetricSink.from(config);
        JobMetrics metrics = new JobMetrics(metricSink);
        this.submit = new SubmitJob(RequestValidator.from(config, addresses),
                new ImageResolver(new SafeHttpFetcher(addresses), aws.media(), aws.bucket()), aws.media(), aws.jobStore(),
                aws.idempotencyKeys(), aws.queue(), clock, metrics);
        this.steps = JobSteps.over(aws.jobStore(), aws.queue(), clock, Schedules.from(config), metrics);
        this.reads = new ReadJobs(aws.jobStore());
        this.view = new JobView(aws.media());
        this.secretOverlap = Duration.ofHours(config.getLong("WEBHOOK_SECRET_OVERLAP_HOURS", 24));
    }

    static SubmitComponents primedForSnapStart(Map<String, String> environment) {
        SubmitComponents components = new SubmitComponents(new Config(environment));
        SnapStartPriming.register(components::prime);
        return components;
    }

    /** Before the SnapStart snapshot: the AWS clients' and the metrics library's first-use work. */
    private void prime() {
        aws.prime();
        metricSink.prime();
    }

    /** The container's tenant registry (one, so its cache serves every request). */
    TenantRegistry tenants() {
        return aws.tenantRegistry();
    }

    ClientApi clientApi(TenantRegistry tenants) {
        WebhookSecrets secrets = aws.webhookSecrets();
        return new ClientApi(submit, reads, new CancelJob(reads, steps), new RedeliverNotification(reads, steps),
                new DeleteJob(reads, aws.jobStore(), aws.media()), new IssueUpload(aws.media()), secrets,
                new RotateWebhookSecret(secrets, secretOverlap, clock), view, tenants);
    }

    AcceptRequestFile acceptRequestFile(TenantRegistry tenants) {
        return new AcceptRequestFile(submit, aws.media(), tenants, new JsonClientDocuments(view));
    }
}

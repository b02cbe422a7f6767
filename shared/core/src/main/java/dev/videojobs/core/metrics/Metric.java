package dev.videojobs.core.metrics;

/** The metrics the core records, by their CloudWatch names (dashboards and alarms in template.yaml use these). */
public enum Metric {
    JOBS_ACCEPTED("JobsAccepted", Unit.COUNT),
    JOBS_SUCCEEDED("JobsSucceeded", Unit.COUNT),
    JOBS_FAILED("JobsFailed", Unit.COUNT),
    JOBS_CANCELLED("JobsCancelled", Unit.COUNT),
    JOBS_EXPIRED("JobsExpired", Unit.COUNT),
    /** From the client's submit to the job's success (outputs copied and verified). */
    SUBMIT_TO_SUCCEEDED("SubmitToSucceeded", Unit.MILLISECONDS),
    PROVIDER_CALLS("ProviderCalls", Unit.COUNT),
    PROVIDER_REFUSALS("ProviderRefusals", Unit.COUNT),
    /** A submit whose outcome was unknown, settled by asking the provider. */
    SUBMITS_RECONCILED("SubmitsReconciled", Unit.COUNT),
    WEBHOOK_DELIVERIES("WebhookDeliveries", Unit.COUNT),
    WEBHOOK_RETRIES("WebhookRetries", Unit.COUNT),
    WEBHOOK_EXHAUSTIONS("WebhookExhaustions", Unit.COUNT),
    /** From the provider reporting the task done to the client's webhook answering 2xx. */
    PROVIDER_DONE_TO_WEBHOOK("ProviderDoneToWebhook", Unit.MILLISECONDS),
    COPY_BYTES("CopyBytes", Unit.BYTES),
    COPY_DURATION("CopyDuration", Unit.MILLISECONDS),
    /** The age of the oldest job not yet ended, as the sweeper saw it. */
    OLDEST_LIVE_JOB_AGE("OldestLiveJobAge", Unit.SECONDS);

    /** CloudWatch's units, as far as these metrics need them. */
    public enum Unit { COUNT, MILLISECONDS, SECONDS, BYTES }

    private final String cloudWatchName;
    private final Unit unit;

    Metric(String cloudWatchName, Unit unit) {
        this.cloudWatchName = cloudWatchName;
        this.unit = unit;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }

    public Unit unit() {
        return unit;
    }
}

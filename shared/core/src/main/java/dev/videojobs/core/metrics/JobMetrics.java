package dev.videojobs.core.metrics;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.Notification;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.json.JsonLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the use cases measure, in the domain's terms: which metric each event is, and the dimensions it is aggregated
 * by. Dimensions are few and bounded (model, provider, error code, call, kind, outcome): never a job or a tenant.
 */
public final class JobMetrics {

    /** Records nothing: for use cases whose caller does not measure (most unit tests). */
    public static final JobMetrics NONE = new JobMetrics(measurement -> { });

    public static final String MODEL = "Model";
    public static final String PROVIDER = "Provider";
    public static final String ERROR_CODE = "ErrorCode";
    public static final String CALL = "Call";
    public static final String KIND = "Kind";
    public static final String OUTCOME = "Outcome";

    private final MetricSink sink;

    public JobMetrics(MetricSink sink) {
        this.sink = sink;
    }

    /** What a reconciliation of a submit in doubt settled on. */
    public enum Reconciled { FOUND, NOT_CREATED, UNKNOWN }

    /** A job was created (a replayed submit that finds its job is not counted again). */
    public void accepted(Job job) {
        record(byJob(job), Map.of(Metric.JOBS_ACCEPTED, 1.0));
    }

    /** A job reached its terminal state (the transition that won the write reports it, once). */
    public void ended(Job job) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        Dimensions dimensions = byJob(job);
        switch (job.status()) {
            case SUCCEEDED -> {
                values.put(Metric.JOBS_SUCCEEDED, 1.0);
                job.finishedAt().ifPresent(at -> values.put(Metric.SUBMIT_TO_SUCCEEDED,
                        (double) Duration.between(job.spec().createdAt(), at).toMillis()));
            }
            case FAILED -> {
                values.put(Metric.JOBS_FAILED, 1.0);
                dimensions = dimensions.with(ERROR_CODE, job.error().map(Job.Error::code).orElse("unknown")).by(ERROR_CODE);
            }
            case CANCELLED -> values.put(Metric.JOBS_CANCELLED, 1.0);
            case EXPIRED -> values.put(Metric.JOBS_EXPIRED, 1.0);
            default -> throw new IllegalArgumentException("job " + job.id() + " has not ended: " + job.status());
        }
        record(dimensions, values);
    }

    /** A call to a provider's API ({@code call}: submit, query, reconcile), whatever it answered. */
    public void providerCall(ProviderName provider, String call) {
        record(new Dimensions().with(PROVIDER, provider.wire()).with(CALL, call).by(PROVIDER, CALL), Map.of(Metric.PROVIDER_CALLS, 1.0));
    }

    /** A provider call that did not succeed, by what can fix it. */
    public void providerRefusal(ProviderName provider, ProviderException.Kind kind) {
        record(new Dimensions().with(PROVIDER, provider.wire()).with(KIND, kind.name().toLowerCase(Locale.ROOT)).by(PROVIDER, KIND),
                Map.of(Metric.PROVIDER_REFUSALS, 1.0));
    }

    public void submitReconciled(ProviderName provider, Reconciled outcome) {
        record(new Dimensions().with(PROVIDER, provider.wire()).with(OUTCOME, outcome.name().toLowerCase(Locale.ROOT)).by(PROVIDER, OUTCOME),
                Map.of(Metric.SUBMITS_RECONCILED, 1.0));
    }

    /**
     * The client's webhook answered 2xx; with the time since the provider reported the task done, when it did (a
     * redelivery the client asked for is not a wait of ours).
     */
    public void webhookDelivered(Job job) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        values.put(Metric.WEBHOOK_DELIVERIES, 1.0);
        Optional<Notification> notification = job.notification().filter(n -> n.redeliveredAt().isEmpty());
        job.providerFinishedAt().flatMap(done -> notification.flatMap(Notification::deliveredAt).map(at -> Duration.between(done, at)))
                .ifPresent(wait -> values.put(Metric.PROVIDER_DONE_TO_WEBHOOK, (double) wait.toMillis()));
        record(byProvider(job), values);
    }

    /** A delivery failed and another attempt is planned. */
    public void webhookRetried(Job job) {
        record(byProvider(job), Map.of(Metric.WEBHOOK_RETRIES, 1.0));
    }

    /** A delivery failed and the retry schedule is used up: the message goes to the dead-letter queue. */
    public void webhookExhausted(Job job) {
        record(byProvider(job), Map.of(Metric.WEBHOOK_EXHAUSTIONS, 1.0));
    }

    /** A job's outputs were copied into our bucket. */
    public void outputsCopied(Job job, long bytes, Duration took) {
        record(byProvider(job), Map.of(Metric.COPY_BYTES, (double) bytes, Metric.COPY_DURATION, (double) took.toMillis()));
    }

    /** The oldest job not yet ended, as a sweep found it (zero when none is live). */
    public void oldestLiveJob(Duration age) {
        record(new Dimensions(), Map.of(Metric.OLDEST_LIVE_JOB_AGE, (double) Math.max(0, age.toSeconds())));
    }

    private static Dimensions byJob(Job job) {
        return new Dimensions().with(MODEL, job.model()).with(PROVIDER, job.provider()).by(PROVIDER).by(MODEL, PROVIDER);
    }

    private static Dimensions byProvider(Job job) {
        return new Dimensions().with(PROVIDER, job.provider()).by(PROVIDER);
    }

    /** A measurement that cannot be written is logged and dropped: metrics never fail the work they measure. */
    private void record(Dimensions dimensions, Map<Metric, Double> values) {
        try {
            sink.record(new Measurement(dimensions.values, dimensions.sets, values));
        } catch (RuntimeException e) {
            JsonLog.error("metrics_failed", "a measurement could not be written; the work goes on", e, "metrics", values.keySet());
        }
    }

    /** Dimension values and the groupings they are aggregated by (the sink adds the deployment's own). */
    private static final class Dimensions {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<List<String>> sets = new ArrayList<>();

        Dimensions with(String key, String value) {
            values.put(key, value);
            return this;
        }

        Dimensions by(String... keys) {
            sets.add(List.of(keys));
            return this;
        }
    }
}

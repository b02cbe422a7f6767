package dev.videojobs.adapter.metrics;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.metrics.Measurement;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.core.metrics.MetricSink;
import dev.videojobs.json.LineOutput;
import java.io.FileDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Each measurement as one CloudWatch embedded metric format line in namespace {@value #NAMESPACE}, written to standard
 * output, from which CloudWatch Logs extracts the metrics (no API call, no IAM permission). Every dimension set also
 * carries the deployment's {@code Stack}, and each measurement is aggregated by {@code Stack} alone too, so two stacks in
 * one account never mix. {@link #writeTo} hands the lines to another sink (the local stack collects them).
 */
public final class EmfMetricSink implements MetricSink {

    public static final String NAMESPACE = "VideoJobs";
    public static final String STACK = "Stack";

    // standard output, as the library's Lambda environment writes the lines
    private static final LineOutput STANDARD_OUTPUT = LineOutput.of(FileDescriptor.out);

    private final String stack;
    private final Environment environment = new LineEnvironment(STANDARD_OUTPUT);

    public EmfMetricSink(String stack) {
        this.stack = stack;
    }

    /** The stack's name from {@code STACK_NAME} (template.yaml sets it). */
    public static EmfMetricSink from(Config config) {
        return new EmfMetricSink(config.get("STACK_NAME", "video-jobs"));
    }

    /**
     * Sends every line to {@code sink} instead, until it is given back; returns the sink that was in place, to restore.
     * {@code null} restores standard output.
     */
    public static Consumer<String> writeTo(Consumer<String> sink) {
        return STANDARD_OUTPUT.redirect(sink);
    }

    @Override
    public void record(Measurement measurement) {
        write(measurement, environment);
    }

    /**
     * Writes one document that goes nowhere, so that the library's serializers are built before a SnapStart snapshot
     * (in a plain cold start they cost the first measurement about 130 ms: see the README's cold-start figures).
     */
    public void prime() {
        write(new Measurement(Map.of("Provider", "kling"), List.of(List.of("Provider")), Map.of(Metric.PROVIDER_CALLS, 0.0)),
                new LineEnvironment(line -> { }));
    }

    private void write(Measurement measurement, Environment environment) {
        MetricsLogger logger = new MetricsLogger(environment);
        logger.setNamespace(NAMESPACE);
        List<DimensionSet> sets = new ArrayList<>();
        sets.add(DimensionSet.of(STACK, stack));
        for (List<String> keys : measurement.dimensionSets()) {
            DimensionSet set = DimensionSet.of(STACK, stack);
            keys.forEach(key -> set.addDimension(key, measurement.dimensions().get(key)));
            sets.add(set);
        }
        logger.setDimensions(false, sets.toArray(DimensionSet[]::new));
        measurement.values().forEach((metric, value) -> logger.putMetric(metric.cloudWatchName(), value, unit(metric.unit())));
        logger.flush();
    }

    private static Unit unit(Metric.Unit unit) {
        return switch (unit) {
            case COUNT -> Unit.COUNT;
            case MILLISECONDS -> Unit.MILLISECONDS;
            case SECONDS -> Unit.SECONDS;
            case BYTES -> Unit.BYTES;
        };
    }

    /**
     * The library's Lambda environment without its console sink: the same document, handed to {@code out}, and no
     * environment probing (the functions know where they run).
     */
    private static final class LineEnvironment implements Environment {

        private final Consumer<String> out;

        private final ISink sink = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    context.serialize().forEach(out);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("a metrics document could not be written", e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };

        LineEnvironment(Consumer<String> out) {
            this.out = out;
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "video-jobs";
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public void configureContext(MetricsContext context) {
            // the dimensions are the measurement's own; Lambda's log stream already names the function and its version
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}

package dev.videojobs.local.bench;

import dev.videojobs.adapter.metrics.EmfMetricSink;
import dev.videojobs.core.metrics.Measurement;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.json.Json;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * A child JVM on a function's jar that emits a function's first three metric documents through one metrics library
 * ({@code none}, {@code aws-embedded-metrics} or {@code powertools-metrics}), after warming Jackson as every function
 * has by then: the difference to {@code none} is what the library adds to a cold start.
 */
public final class MetricsLauncher {

    static final String NONE = "none";
    static final String EMBEDDED_METRICS = "aws-embedded-metrics";
    static final String POWERTOOLS = "powertools-metrics";
    static final List<String> LIBRARIES = List.of(NONE, EMBEDDED_METRICS, POWERTOOLS);

    private MetricsLauncher() {
    }

    public static void main(String[] args) {
        ChildMarkers.mark(ChildMarkers.MAIN, "");
        try {
            long start = System.nanoTime();
            Json.write(Json.object().put("warm", 1));
            ChildMarkers.mark(ChildMarkers.INIT_MS, ChildMarkers.millisSince(start));
            long emitStart = System.nanoTime();
            switch (args[0]) {
                case NONE -> { }
                case EMBEDDED_METRICS -> EmbeddedMetrics.emit();
                case POWERTOOLS -> Powertools.emit();
                default -> throw new IllegalArgumentException("unknown library " + args[0]);
            }
            ChildMarkers.mark(ChildMarkers.RESPONSE, "put " + args[0]);
            ChildMarkers.mark(ChildMarkers.HANDLE_MS, ChildMarkers.millisSince(emitStart));
            ChildMarkers.finish();
        } catch (Throwable e) {
            ChildMarkers.fail(e);
        }
    }

    /** Our adapter (aws-embedded-metrics), as the functions use it; the lines go nowhere. */
    private static final class EmbeddedMetrics {
        static void emit() {
            EmfMetricSink.writeTo(line -> { });
            EmfMetricSink sink = new EmfMetricSink("bench");
            Map<String, String> dimensions = Map.of("Provider", "kling", "Model", "kling-v2-1-i2v");
            List<List<String>> sets = List.of(List.of("Provider"), List.of("Model", "Provider"));
            sink.record(new Measurement(dimensions, sets, Map.of(Metric.JOBS_ACCEPTED, 1.0)));
            sink.record(new Measurement(dimensions, sets, Map.of(Metric.PROVIDER_CALLS, 1.0)));
            sink.record(new Measurement(dimensions, sets, Map.of(Metric.JOBS_SUCCEEDED, 1.0, Metric.SUBMIT_TO_SUCCEEDED, 61234.0)));
        }
    }

    /** The same three documents through Powertools for AWS Lambda (Java) 2's metrics, one flush each; stdout discarded. */
    private static final class Powertools {
        static void emit() {
            PrintStream markers = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                flushThree();
            } finally {
                System.setOut(markers);
            }
        }

        private static void flushThree() {
            software.amazon.lambda.powertools.metrics.Metrics metrics = software.amazon.lambda.powertools.metrics.MetricsFactory.getMetricsInstance();
            var dimensions = software.amazon.lambda.powertools.metrics.model.DimensionSet.of("Stack", "bench", "Provider", "kling",
                    "Model", "kling-v2-1-i2v");
            var count = software.amazon.lambda.powertools.metrics.model.MetricUnit.COUNT;
            metrics.flushSingleMetric("JobsAccepted", 1, count, "VideoJobs", dimensions);
            metrics.flushSingleMetric("ProviderCalls", 1, count, "VideoJobs", dimensions);
            metrics.flushSingleMetric("JobsSucceeded", 1, count, "VideoJobs", dimensions);
        }
    }
}

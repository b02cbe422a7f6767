package dev.videojobs.testing;

import dev.videojobs.core.metrics.Measurement;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.core.metrics.MetricSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The measurements recorded, in order, for tests to assert. */
public final class RecordedMetrics implements MetricSink {

    public final List<Measurement> measurements = new CopyOnWriteArrayList<>();

    @Override
    public void record(Measurement measurement) {
        measurements.add(measurement);
    }

    /** The values of {@code metric} recorded with every dimension of {@code dimensions} (others may be present too). */
    public List<Double> values(Metric metric, Map<String, String> dimensions) {
        return measurements.stream().filter(m -> m.values().containsKey(metric))
                .filter(m -> m.dimensions().entrySet().containsAll(dimensions.entrySet()))
                .map(m -> m.values().get(metric)).toList();
    }

    public double sum(Metric metric, Map<String, String> dimensions) {
        return values(metric, dimensions).stream().mapToDouble(Double::doubleValue).sum();
    }
}

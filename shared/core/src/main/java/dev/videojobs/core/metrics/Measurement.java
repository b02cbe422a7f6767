package dev.videojobs.core.metrics;

import java.util.List;
import java.util.Map;

/**
 * Values measured together, with the dimensions they are aggregated by: {@code dimensionSets} names the groupings
 * (each a list of keys of {@code dimensions}), all of low cardinality (never a job or a tenant).
 */
public record Measurement(Map<String, String> dimensions, List<List<String>> dimensionSets, Map<Metric, Double> values) {

    public Measurement {
        dimensions = Map.copyOf(dimensions);
        dimensionSets = dimensionSets.stream().map(List::copyOf).toList();
        values = Map.copyOf(values);
        for (List<String> set : dimensionSets) {
            if (!dimensions.keySet().containsAll(set)) {
                throw new IllegalArgumentException("dimension set " + set + " names a dimension without a value");
            }
        }
    }
}

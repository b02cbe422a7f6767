package dev.videojobs.local.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Median, min and max of repeated measurements (NaN ones, from failed runs, are left out). */
record Stats(double median, double min, double max, int runs) {

    static Stats of(Collection<Double> samples) {
        List<Double> sorted = new ArrayList<>();
        for (Double sample : samples) {
            if (sample != null && !sample.isNaN()) {
                sorted.add(sample);
            }
        }
        if (sorted.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** One measurement that is not repeated (a figure of one long run). */
    static Stats single(double value) {
        return new Stats(value, value, value, Double.isNaN(value) ? 0 : 1);
    }

    /** The nearest-rank percentile {@code p} (0..100) of {@code samples}. */
    static double percentile(List<Double> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    boolean known() {
        return runs > 0;
    }
}

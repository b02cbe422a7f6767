package dev.videojobs.core.metrics;

/** Where measurements go: CloudWatch through the embedded metric format in Lambda, a list in tests and the local stack. */
public interface MetricSink {

    void record(Measurement measurement);
}

package dev.videojobs.local.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.adapter.metrics.EmfMetricSink;
import dev.videojobs.json.Json;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The metrics the stack's functions emit, collected as CloudWatch would extract them from their embedded metric format
 * lines: a value counts under a set of dimensions only if its document declared that set. Every stack in the JVM sees
 * the lines of its own {@code Stack} dimension only, and keeps the newest {@value #KEPT} (a long {@code serve}).
 */
public final class CollectedMetrics implements AutoCloseable {

    static final int KEPT = 20_000;
    private static final List<CollectedMetrics> OPEN = new CopyOnWriteArrayList<>();

    private final String stack;
    private final Deque<JsonNode> documents = new ConcurrentLinkedDeque<>();

    private CollectedMetrics(String stack) {
        this.stack = stack;
    }

    /** Starts collecting the documents of {@code stack} (the functions' {@code STACK_NAME}). */
    static synchronized CollectedMetrics open(String stack) {
        if (OPEN.isEmpty()) {
            EmfMetricSink.writeTo(CollectedMetrics::dispatch);
        }
        CollectedMetrics metrics = new CollectedMetrics(stack);
        OPEN.add(metrics);
        return metrics;
    }

    private static void dispatch(String line) {
        JsonNode document;
        try {
            document = Json.parse(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a function wrote a metrics line that is not JSON: " + line, e);
        }
        OPEN.stream().filter(metrics -> metrics.stack.equals(document.path(EmfMetricSink.STACK).asText()))
                .forEach(metrics -> metrics.keep(document));
    }

    private void keep(JsonNode document) {
        documents.addLast(document);
        while (documents.size() > KEPT) {
            documents.pollFirst();
        }
    }

    /** Every document collected so far, as written. */
    public List<JsonNode> documents() {
        return List.copyOf(documents);
    }

    /**
     * The values of {@code metric} published under exactly the dimensions {@code dimensions} (plus the stack's own), as
     * CloudWatch would aggregate them.
     */
    public List<Double> values(String metric, Map<String, String> dimensions) {
        Set<String> keys = new HashSet<>(dimensions.keySet());
        keys.add(EmfMetricSink.STACK);
        List<Double> values = new ArrayList<>();
        for (JsonNode document : documents) {
            JsonNode directive = document.path("_aws").path("CloudWatchMetrics").path(0);
            boolean declared = false;
            for (JsonNode metricNode : directive.path("Metrics")) {
                declared |= metricNode.path("Name").asText().equals(metric);
            }
            boolean hasSet = false;
            for (JsonNode set : directive.path("Dimensions")) {
                Set<String> setKeys = new HashSet<>();
                set.forEach(key -> setKeys.add(key.asText()));
                hasSet |= setKeys.equals(keys);
            }
            boolean matches = dimensions.entrySet().stream().allMatch(e -> document.path(e.getKey()).asText().equals(e.getValue()));
            if (declared && hasSet && matches) {
                values.add(document.path(metric).asDouble());
            }
        }
        return values;
    }

    public double sum(String metric, Map<String, String> dimensions) {
        return values(metric, dimensions).stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public void close() {
        synchronized (CollectedMetrics.class) {
            OPEN.remove(this);
            if (OPEN.isEmpty()) {
                EmfMetricSink.writeTo(null);
            }
        }
    }
}

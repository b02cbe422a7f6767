package dev.videojobs.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videojobs.core.metrics.Measurement;
import dev.videojobs.core.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lines are embedded metric format documents CloudWatch accepts: one namespace, our dimensions only, units. */
class EmfMetricSinkTest {

    private final List<String> lines = new ArrayList<>();
    private final Consumer<String> previous = EmfMetricSink.writeTo(lines::add);

    @AfterEach
    void restore() {
        EmfMetricSink.writeTo(previous);
    }

    @Test
    void shouldWriteOneDocumentWithTheStackOnEveryDimensionSet_whenAMeasurementIsRecorded() throws Exception {
        // Arrange
        Measurement measurement = new Measurement(Map.of("Provider", "kling", "Model", "kling-v2-1-i2v"),
                List.of(List.of("Provider"), List.of("Model", "Provider")), Map.of(Metric.COPY_BYTES, 1234.0, Metric.COPY_DURATION, 56.0));

        // Act
        new EmfMetricSink("prod-video").record(measurement);

        // Assert
        assertThat(lines).hasSize(1);
        JsonNode document = new ObjectMapper().readTree(lines.get(0));
        JsonNode directive = document.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(document.path("_aws").path("Timestamp").isNumber()).isTrue();
        assertThat(directive.path("Namespace").asText()).isEqualTo(EmfMetricSink.NAMESPACE);
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Stack\"],[\"Stack\",\"Provider\"],[\"Stack\",\"Model\",\"Provider\"]]");
        assertThat(directive.path("Metrics").toString()).contains("{\"Name\":\"CopyBytes\",\"Unit\":\"Bytes\"}")
                .contains("{\"Name\":\"CopyDuration\",\"Unit\":\"Milliseconds\"}");
        assertThat(document.path("Stack").asText()).isEqualTo("prod-video");
        assertThat(document.path("Provider").asText()).isEqualTo("kling");
        assertThat(document.path("CopyBytes").asDouble()).isEqualTo(1234.0);
        // none of the library's default dimensions (log group, service name and type)
        assertThat(document.has("LogGroup") || document.has("ServiceName") || document.has("ServiceType")).isFalse();
    }

    @Test
    void shouldWriteNothing_whenPrimedBeforeASnapshot() {
        // Act
        new EmfMetricSink("prod-video").prime();

        // Assert
        assertThat(lines).isEmpty();
    }
}

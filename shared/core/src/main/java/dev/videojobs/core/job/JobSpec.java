package dev.videojobs.core.job;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the client asked for, fixed when the job is created. The parameters and metadata are the client's JSON values
 * as plain Java data ({@code String}, {@code Number}, {@code Boolean}, {@code List}, {@code Map}).
 *
 * @param inputs each input image's field and its key in our bucket
 * @param callbackToken the job's secret in its provider callback URLs ({@code <job id>.<random>})
 */
public record JobSpec(String model, String provider, Map<String, Object> params, Optional<Map<String, Object>> metadata,
        Optional<String> webhookUrl, Instant createdAt, Instant deadline, String callbackToken, Source source,
        Optional<BigDecimal> costUsd, Map<String, String> inputs) {

    /** Where a job came from: the API, or a request file in the bucket. */
    public record Source(String type, Optional<String> requestFile) {}

    public JobSpec {
        // in the client's order (JSON nulls kept): the view shows them as given, images go to the provider in order
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metadata = metadata.map(values -> Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** The requested duration in seconds (5 when the model has no duration). */
    public int durationSeconds() {
        return params.get("duration") instanceof Number seconds ? seconds.intValue() : 5;
    }
}

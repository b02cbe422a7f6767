package dev.videojobs.core.schedule;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.model.ProviderName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again. Retries back off exponentially with full jitter (capped at SQS's 900 s delay), as the AWS SDK does;
 * polls start near the model's expected finish, then back off; client webhooks follow the Standard Webhooks schedule.
 * {@code timeScale} shrinks every wait for the local stack and tests (1.0 on AWS); a provider may have its own scale
 * (a real provider reached from the local stack keeps real timings while the simulated one stays fast).
 */
public final class Schedules {

    /** Standard Webhooks: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
    public static final List<Duration> WEBHOOK_RETRIES = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
            Duration.ofHours(20), Duration.ofHours(24));

    private static final Duration RETRY_BASE = Duration.ofSeconds(2);
    private static final Duration RETRY_CAP = Duration.ofSeconds(900);
    private static final Duration POLL_BASE = Duration.ofSeconds(5);
    private static final Duration POLL_CAP = Duration.ofSeconds(120);

    private final double timeScale;
    private final Map<ProviderName, Double> providerScales;

    public Schedules(double timeScale) {
        this(timeScale, Map.of());
    }

    /** @param providerScales the scale of a job's waits on that provider, where it differs from {@code timeScale} */
    public Schedules(double timeScale, Map<ProviderName, Double> providerScales) {
        this.timeScale = timeScale;
        this.providerScales = Map.copyOf(providerScales);
    }

    /** {@code TIME_SCALE}, and per provider {@code TIME_SCALE_<PROVIDER>} (e.g. {@code TIME_SCALE_KLING}) where set. */
    public static Schedules from(Config config) {
        Map<ProviderName, Double> providerScales = new EnumMap<>(ProviderName.class);
        for (ProviderName name : ProviderName.values()) {
            config.optional("TIME_SCALE_" + name.name()).ifPresent(scale -> providerScales.put(name, Double.parseDouble(scale)));
        }
        return new Schedules(config.getDouble("TIME_SCALE", 1.0), providerScales);
    }

    /** The waits of a job on {@code provider}: its checks, retries and grace periods. */
    public Schedules forProvider(ProviderName provider) {
        Double scale = providerScales.get(provider);
        return scale == null ? this : new Schedules(scale);
    }

    /** Before retry number {@code attempt} (1-based) of a failed call; at least the provider's Retry-After. */
    public Duration retry(int attempt, Duration retryAfter) {
        Duration backoff = scale(jittered(RETRY_BASE, RETRY_CAP, attempt, 0.0));
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }

    /** The first check of a task, near the model's expected run time (callbacks usually arrive before it). */
    public Duration firstCheck(Duration expectedRunTime) {
        return scale(expectedRunTime);
    }

    /** Checks after the first: short and growing, since the task is already due. */
    public Duration nextCheck(int checksSoFar) {
        return scale(jittered(POLL_BASE, POLL_CAP, checksSoFar, 0.5));
    }

    /** The wait before webhook delivery attempt {@code attempt} (0-based), or null once the schedule is used up. */
    public Duration webhookRetry(int attempt) {
        return attempt < WEBHOOK_RETRIES.size() ? scale(WEBHOOK_RETRIES.get(attempt)) : null;
    }

    /**
     * How long a claimed piece of work (forward, copy, delivery) may take before another worker may take it over.
     * Never scaled: the work takes real time whatever the time scale, and a lease that ran out mid-call would let a
     * second worker repeat it (a second provider submission).
     */
    public Duration lease(Duration work) {
        return work;
    }

    public Duration scale(Duration duration) {
        return timeScale == 1.0 ? duration : Duration.ofMillis((long) (duration.toMillis() * timeScale));
    }

    /**
     * {@code base * 2^(attempt-1)} capped, of which the share {@code floor} is fixed and the rest random: 0 is full
     * jitter (spreads retries of many jobs that failed together), 0.5 half jitter (polls that should not come too early).
     */
    private static Duration jittered(Duration base, Duration cap, int attempt, double floor) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(Math.max(1, attempt) - 1, 20));
        long fixed = (long) (ceiling * floor);
        return Duration.ofMillis(fixed + ThreadLocalRandom.current().nextLong(ceiling - fixed + 1));
    }
}

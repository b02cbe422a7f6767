package dev.videojobs.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.core.model.ProviderName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    private final Schedules schedules = new Schedules(1.0);

    @Test
    void shouldFollowTheStandardWebhooksSchedule_whenDeliveriesFail() {
        List<Duration> waits = new java.util.ArrayList<>();
        for (int attempt = 0; schedules.webhookRetry(attempt) != null; attempt++) {
            waits.add(schedules.webhookRetry(attempt));
        }

        assertThat(waits).containsExactly(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
    }

    @Test
    void shouldStayWithinTheCapWithFullJitter_whenRetryingManyTimes() {
        for (int attempt = 1; attempt <= 30; attempt++) {
            Duration delay = schedules.retry(attempt, null);
            Duration ceiling = Duration.ofSeconds(Math.min(900, 2L << Math.min(attempt, 20)));
            assertThat(delay).isBetween(Duration.ZERO, ceiling);
        }
    }

    @Test
    void shouldWaitAtLeastRetryAfter_whenTheProviderAsksForIt() {
        assertThat(schedules.retry(1, Duration.ofSeconds(120))).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void shouldShrinkEveryWait_whenTimeIsScaled() {
        Schedules fast = new Schedules(0.001);

        assertThat(fast.webhookRetry(9)).isEqualTo(Duration.ofMillis(86_400));
        assertThat(fast.firstCheck(Duration.ofSeconds(120))).isEqualTo(Duration.ofMillis(120));
    }

    @Test
    void shouldKeepAProvidersOwnScale_whenItHasOne() {
        // the local stack with Kling reached for real: Kling's checks at AWS timings, the simulated WaveSpeed's shrunk
        Schedules local = new Schedules(0.05, Map.of(ProviderName.KLING, 1.0));

        assertThat(local.forProvider(ProviderName.KLING).firstCheck(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(local.forProvider(ProviderName.KLING).scale(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(20));
        assertThat(local.forProvider(ProviderName.WAVESPEED).firstCheck(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(6));
        assertThat(local.firstCheck(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void shouldKeepLeasesInRealTime_whenTimeIsScaled() {
        // a provider call takes real time: a scaled-down lease would run out mid-call and let a second worker repeat it
        assertThat(new Schedules(0.001).lease(Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
    }
}

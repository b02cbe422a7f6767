package dev.videojobs.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void shouldReadSeconds_whenValueIsADelay() {
        assertThat(RetryAfter.parse(" 30 ", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void shouldMeasureFromNow_whenValueIsAnHttpDate() {
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 00:02:00 GMT", NOW)).contains(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"soon", "-5", "Tue, 31 Dec 2024 23:00:00 GMT"})
    void shouldBeEmpty_whenValueIsMissingUnreadableOrPast(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }
}

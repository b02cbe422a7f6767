package dev.videojobs.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.core.provider.ProviderException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KlingErrorsTest {

    @ParameterizedTest(name = "HTTP {0} / code {1} -> {2}")
    @CsvSource({
        "401, 1000, ACCOUNT", "401, 1001, ACCOUNT", "401, 1002, ACCOUNT", "401, 1003, ACCOUNT", "401, 1004, ACCOUNT",
        "429, 1100, ACCOUNT", "429, 1101, ACCOUNT", "429, 1102, ACCOUNT",
        "403, 1103, ACCOUNT",
        "400, 1200, JOB_REJECTED", "400, 1201, JOB_REJECTED", "404, 1202, JOB_REJECTED", "404, 1203, JOB_REJECTED",
        "400, 1300, JOB_REJECTED", "400, 1301, JOB_REJECTED",
        "429, 1302, RETRYABLE", "429, 1303, RETRYABLE", "429, 1304, ACCOUNT",
        "500, 5000, RETRYABLE", "503, 5001, RETRYABLE", "504, 5002, RETRYABLE",
        "502, 9999, RETRYABLE", "400, 9999, JOB_REJECTED"
    })
    void shouldClassifyEveryCodeOfTheTable_whenKlingAnswersWithIt(int httpStatus, int code, Kind expected) {
        assertThat(KlingErrors.classify(httpStatus, code)).isEqualTo(expected);
    }
}

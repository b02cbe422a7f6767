package dev.videojobs.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.model.ProviderName;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputDeliveryTest {

    @Test
    void shouldDeliverPresignedUrls_whenNothingIsSet() {
        Config aws = new Config(Map.of());

        assertThat(InputDelivery.of(aws, ProviderName.KLING)).isEqualTo(InputDelivery.PRESIGNED_URL);
        assertThat(InputDelivery.of(aws, ProviderName.WAVESPEED)).isEqualTo(InputDelivery.PRESIGNED_URL);
    }

    @Test
    void shouldReadEachProvidersOwnVariable_whenSet() {
        Config local = new Config(Map.of("INPUT_DELIVERY_KLING", "inline_base64", "INPUT_DELIVERY_WAVESPEED", "provider_upload"));

        assertThat(InputDelivery.of(local, ProviderName.KLING)).isEqualTo(InputDelivery.INLINE_BASE64);
        assertThat(InputDelivery.of(local, ProviderName.WAVESPEED)).isEqualTo(InputDelivery.PROVIDER_UPLOAD);
    }

    @ParameterizedTest
    @CsvSource({
        "INPUT_DELIVERY_KLING,     provider_upload, KLING",
        "INPUT_DELIVERY_WAVESPEED, inline_base64,   WAVESPEED",
        "INPUT_DELIVERY_KLING,     INLINE_BASE64,   KLING",
        "INPUT_DELIVERY_KLING,     ftp,             KLING",
    })
    void shouldNameTheVariable_whenTheProviderDoesNotDocumentThatDelivery(String variable, String value, ProviderName provider) {
        Config config = new Config(Map.of(variable, value));

        assertThatThrownBy(() -> InputDelivery.of(config, provider)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(variable + "=" + value).hasMessageContaining("presigned_url");
    }
}

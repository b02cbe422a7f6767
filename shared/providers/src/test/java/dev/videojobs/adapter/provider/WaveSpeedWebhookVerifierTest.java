package dev.videojobs.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WaveSpeedWebhookVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String SECRET = "whsec_c2VjcmV0LWtleQ";
    private static final String BODY = "{\"id\":\"pred_1\",\"status\":\"completed\"}";
    private final WaveSpeedWebhookVerifier verifier = new WaveSpeedWebhookVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldAccept_whenSignedWithTheRawSecretAfterThePrefix() throws Exception {
        // Arrange: the key is the text after whsec_, used as is (not base64-decoded)
        String timestamp = Long.toString(NOW.getEpochSecond());
        String signature = "v3," + hmac("c2VjcmV0LWtleQ", "msg_1." + timestamp + "." + BODY);

        // Act / Assert
        assertThat(verifier.verify("msg_1", timestamp, signature, BODY)).isTrue();
    }

    @Test
    void shouldRefuse_whenSignedWithTheBase64DecodedKey() throws Exception {
        String timestamp = Long.toString(NOW.getEpochSecond());
        byte[] decoded = java.util.Base64.getDecoder().decode("c2VjcmV0LWtleQ==");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(decoded, "HmacSHA256"));
        String signature = "v3," + HexFormat.of().formatHex(mac.doFinal(("msg_1." + timestamp + "." + BODY).getBytes(StandardCharsets.UTF_8)));

        assertThat(verifier.verify("msg_1", timestamp, signature, BODY)).isFalse();
    }

    @Test
    void shouldRefuse_whenBodyWasChanged() throws Exception {
        String timestamp = Long.toString(NOW.getEpochSecond());
        String signature = "v3," + hmac("c2VjcmV0LWtleQ", "msg_1." + timestamp + "." + BODY);

        assertThat(verifier.verify("msg_1", timestamp, signature, BODY.replace("completed", "failed"))).isFalse();
    }

    @Test
    void shouldRefuse_whenTimestampIsMoreThanFiveMinutesAway() throws Exception {
        String stale = Long.toString(NOW.minusSeconds(301).getEpochSecond());
        String signature = "v3," + hmac("c2VjcmV0LWtleQ", "msg_1." + stale + "." + BODY);

        assertThat(verifier.verify("msg_1", stale, signature, BODY)).isFalse();
    }

    @Test
    void shouldRefuse_whenHeadersAreMissingOrOfAnotherScheme() throws Exception {
        String timestamp = Long.toString(NOW.getEpochSecond());
        String hex = hmac("c2VjcmV0LWtleQ", "msg_1." + timestamp + "." + BODY);

        assertThat(verifier.verify(null, timestamp, "v3," + hex, BODY)).isFalse();
        assertThat(verifier.verify("msg_1", timestamp, "v1," + hex, BODY)).isFalse();
        assertThat(verifier.verify("msg_1", "not-a-number", "v3," + hex, BODY)).isFalse();
    }

    private static String hmac(String key, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}

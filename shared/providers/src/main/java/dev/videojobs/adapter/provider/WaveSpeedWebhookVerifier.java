package dev.videojobs.adapter.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WaveSpeed's webhook signature: {@code webhook-signature: v3,<hex>} = HMAC-SHA256 over
 * {@code {webhook-id}.{webhook-timestamp}.{raw body}}, keyed with the secret minus its {@code whsec_} prefix used as
 * is (not base64-decoded, unlike Standard Webhooks, so that library cannot verify it). Timestamps more than 300 s
 * away are refused; signatures compared in constant time.
 */
public final class WaveSpeedWebhookVerifier {

    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    private final byte[] key;
    private final Clock clock;

    public WaveSpeedWebhookVerifier(String secret, Clock clock) {
        String raw = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        this.key = raw.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public boolean verify(String id, String timestamp, String signatureHeader, String body) {
        if (id == null || timestamp == null || signatureHeader == null || body == null) {
            return false;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - sentAt) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = sign(id + "." + timestamp.trim() + "." + body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatureHeader.trim().split(" ")) {
            if (candidate.startsWith("v3,")
                    && MessageDigest.isEqual(expected, candidate.substring(3).toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    public String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}

package dev.videojobs.local.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WaveSpeed's webhook signature: {@code v3,<hex HMAC-SHA256>} over {@code {id}.{timestamp}.{raw body}}, keyed with
 * the secret minus its {@code whsec_} prefix, used as UTF-8 text (not base64-decoded as Standard Webhooks would).
 */
final class WebhookSigner {
    private WebhookSigner() {
    }

    static String sign(String secret, String webhookId, long timestampSeconds, byte[] body) {
        String key = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v3," + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

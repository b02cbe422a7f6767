package dev.videojobs.adapter.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import dev.videojobs.core.notify.WebhookSigner;

/** Standard Webhooks signatures through its reference library ({@code com.standardwebhooks}), not our own HMAC code. */
public final class StandardWebhooksSigner implements WebhookSigner {

    @Override
    public String sign(String secret, String eventId, long timestamp, String payload) {
        try {
            return new Webhook(secret).sign(eventId, timestamp, payload);
        } catch (WebhookSigningException | EmptyWebhookSecretException e) {
            throw new IllegalStateException("the webhook secret cannot sign", e);
        }
    }
}

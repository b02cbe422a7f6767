package dev.videojobs.core.notify;

/** Signs a webhook event as Standard Webhooks specifies (the {@code webhook-signature} header's value). */
public interface WebhookSigner {

    /** @param secret the tenant's {@code whsec_...} secret; {@code timestamp} in epoch seconds */
    String sign(String secret, String eventId, long timestamp, String payload);
}

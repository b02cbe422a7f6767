package dev.videojobs.core.usecase;

import dev.videojobs.core.notify.WebhookSecrets;
import java.time.Clock;
import java.time.Duration;

/**
 * The client asks for a new webhook secret. For {@code overlap} after the rotation every delivery is signed with the old
 * and the new secret, so the client can switch its verification without losing a webhook.
 */
public final class RotateWebhookSecret {

    private final WebhookSecrets secrets;
    private final Duration overlap;
    private final Clock clock;

    public RotateWebhookSecret(WebhookSecrets secrets, Duration overlap, Clock clock) {
        this.secrets = secrets;
        this.overlap = overlap;
        this.clock = clock;
    }

    public WebhookSecrets.Secrets rotate(String tenant) {
        return secrets.rotate(tenant, clock.instant().plus(overlap));
    }
}

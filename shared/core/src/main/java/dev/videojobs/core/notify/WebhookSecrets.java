package dev.videojobs.core.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's webhook signing secret ({@code whsec_} + base64), created on first use. A rotation makes a new one
 * current and keeps the one before valid until a given time, so that deliveries are signed with both while the
 * client moves its verification over (Standard Webhooks allows several signatures in one header).
 */
public interface WebhookSecrets {

    /** The tenant's secrets: the current one, and the one before while it is still valid. */
    record Secrets(String current, Optional<String> previous, Optional<Instant> previousValidUntil) {

        /** What signs a delivery at {@code now}: the current secret, then the previous one during its overlap. */
        public List<String> signingAt(Instant now) {
            return previous.isPresent() && previousValidUntil.orElseThrow().isAfter(now) ? List.of(current, previous.get()) : List.of(current);
        }
    }

    Secrets secretsOf(String tenant);

    /** Makes a new secret current; the current one stays valid until {@code previousValidUntil}. */
    Secrets rotate(String tenant, Instant previousValidUntil);
}

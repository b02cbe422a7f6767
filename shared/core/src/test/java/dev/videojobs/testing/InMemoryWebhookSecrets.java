package dev.videojobs.testing;

import dev.videojobs.core.notify.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Webhook secrets in memory, with DynamoWebhookSecrets' contract; {@link #with} gives every tenant a fixed first one. */
public final class InMemoryWebhookSecrets implements WebhookSecrets {

    private final String first;
    private final Map<String, Secrets> secrets = new ConcurrentHashMap<>();
    private int rotations;

    private InMemoryWebhookSecrets(String first) {
        this.first = first;
    }

    public static InMemoryWebhookSecrets with(String firstSecret) {
        return new InMemoryWebhookSecrets(firstSecret);
    }

    @Override
    public Secrets secretsOf(String tenant) {
        return secrets.computeIfAbsent(tenant, t -> new Secrets(first, Optional.empty(), Optional.empty()));
    }

    @Override
    public synchronized Secrets rotate(String tenant, Instant previousValidUntil) {
        Secrets rotated = new Secrets("whsec_" + Base64.getEncoder().encodeToString(("rotated-secret-" + ++rotations).getBytes(StandardCharsets.UTF_8)), Optional.of(secretsOf(tenant).current()),
                Optional.of(previousValidUntil));
        secrets.put(tenant, rotated);
        return rotated;
    }
}

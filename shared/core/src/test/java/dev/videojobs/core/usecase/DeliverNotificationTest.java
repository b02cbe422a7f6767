package dev.videojobs.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.core.notify.ClientDocuments;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.url.Fetched;
import dev.videojobs.core.url.OpenResponse;
import dev.videojobs.core.url.UrlFetcher;
import dev.videojobs.testing.InMemoryWebhookSecrets;
import dev.videojobs.testing.WorkflowFixture;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Webhook delivery: the Standard Webhooks schedule, one webhook-id, and a visible end when the schedule runs out. */
class DeliverNotificationTest {

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final List<String> webhookIds = new CopyOnWriteArrayList<>();
    private volatile int answer = 500;
    private final InMemoryWebhookSecrets secrets = InMemoryWebhookSecrets.with("whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=");
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private final DeliverNotification notify = new DeliverNotification(fixture.jobs, fixture.useCases.steps, new FixedDocuments(),
            null, secrets, (secret, eventId, timestamp, payload) -> "v1," + secret,
            new ClientEndpoint(), fixture.clock);

    @Test
    void shouldFollowTheScheduleThenRecordExhaustionAndFailTheMessage_whenTheClientKeepsFailing() throws Exception {
        String eventId = cancelledJob("job_1");

        for (int attempt = 1; attempt < 10; attempt++) {
            notify.deliver("job_1", eventId);
            fixture.clock.advance(Duration.ofDays(1)); // past the retry delay and the delivery lease
        }
        assertThatThrownBy(() -> notify.deliver("job_1", eventId)).isInstanceOf(DeliverNotification.DeliveryExhaustedException.class);
        assertThatThrownBy(() -> notify.deliver("job_1", eventId)).isInstanceOf(DeliverNotification.DeliveryExhaustedException.class);

        Job job = fixture.job("job_1");
        assertThat(webhookIds).hasSize(10).containsOnly(eventId);
        assertThat(job.notification().orElseThrow().attempts()).isEqualTo(10);
        assertThat(job.notification().orElseThrow().isExhausted()).isTrue();
        assertThat(job.notification().orElseThrow().lastError().orElseThrow()).isEqualTo("HTTP 500");
        assertThat(fixture.queue.sent).filteredOn(sent -> sent.message().action() == JobMessage.Action.NOTIFY)
                .extracting(WorkflowFixture.SentMessage::delay)
                .containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                        Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
        assertThat(fixture.useCases.metrics.sum(Metric.WEBHOOK_RETRIES, Map.of())).isEqualTo(9);
        assertThat(fixture.useCases.metrics.sum(Metric.WEBHOOK_EXHAUSTIONS, Map.of())).isEqualTo(1);
        assertThat(fixture.useCases.metrics.values(Metric.WEBHOOK_DELIVERIES, Map.of())).isEmpty();
    }

    @Test
    void shouldDeliverOnce_whenTheSameNotificationArrivesAgainAfterSuccess() throws Exception {
        String eventId = cancelledJob("job_1");
        answer = 204;

        notify.deliver("job_1", eventId);
        notify.deliver("job_1", eventId);

        assertThat(webhookIds).hasSize(1);
        assertThat(fixture.job("job_1").notification().orElseThrow().deliveredAt().isPresent()).isTrue();
        assertThat(fixture.useCases.metrics.sum(Metric.WEBHOOK_DELIVERIES, Map.of(JobMetrics.PROVIDER, "wavespeed"))).isEqualTo(1);
    }

    @Test
    void shouldIgnoreTheMessage_whenItNamesAnotherEvent() throws Exception {
        cancelledJob("job_1");

        notify.deliver("job_1", "msg_forged");

        assertThat(webhookIds).isEmpty();
    }

    @Test
    void shouldSignWithTheOldAndTheNewSecret_whileARotationsOverlapLasts() throws Exception {
        // Arrange: the secret was rotated; the old one stays valid for an hour
        String old = secrets.secretsOf("t1").current();
        String rotated = secrets.rotate("t1", fixture.clock.instant().plus(Duration.ofHours(1))).current();
        String first = cancelledJob("job_1");
        String second = cancelledJob("job_2");
        answer = 204;

        // Act: one delivery during the overlap, one after it
        notify.deliver("job_1", first);
        fixture.clock.advance(Duration.ofHours(2));
        notify.deliver("job_2", second);

        // Assert: Standard Webhooks' several signatures, space-separated, the current one first
        assertThat(signatures).containsExactly("v1," + rotated + " v1," + old, "v1," + rotated);
    }

    private String cancelledJob(String id) {
        fixture.queuedJob(id);
        fixture.useCases.cancel.cancel("t1", id);
        fixture.queue.sent.clear();
        return fixture.job(id).notification().orElseThrow().eventId().orElseThrow();
    }

    /** The client's webhook endpoint: records each webhook-id and answers {@link #answer}. */
    private final class ClientEndpoint implements UrlFetcher {

        @Override
        public Posted post(URI uri, Map<String, String> headers, byte[] body) {
            webhookIds.add(headers.get("webhook-id"));
            signatures.add(headers.get("webhook-signature"));
            return new Posted(answer, Optional.empty());
        }

        @Override
        public Fetched fetchBytes(URI uri, long maxBytes) {
            throw new AssertionError("a webhook delivery only posts");
        }

        @Override
        public OpenResponse open(URI uri) {
            throw new AssertionError("a webhook delivery only posts");
        }
    }

    private static final class FixedDocuments implements ClientDocuments {

        @Override
        public String webhookEvent(Job job, Instant at) {
            return "{\"type\":\"job." + job.status().wire() + "\"}";
        }

        @Override
        public byte[] resultFile(Job job, String requestFileKey) {
            throw new AssertionError("these jobs have no request file");
        }

        @Override
        public byte[] rejectedRequestFile(String requestFileKey, ClientError error) {
            throw new AssertionError("no request file is refused here");
        }
    }
}

package dev.videojobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobTransitions;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.testing.WorkflowFixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Webhook delivery: the Standard Webhooks schedule, one webhook-id, and a visible end when the schedule runs out. */
class NotifyServiceTest {

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final List<String> webhookIds = new CopyOnWriteArrayList<>();
    private volatile int answer = 500;
    private final NotifyService notify = new NotifyService(fixture.jobs, new JobTransitions(fixture.jobs, fixture.clock),
            new JobView(new WorkflowFixture.PresignOnlyMedia()), null, tenant -> "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=",
            (url, headers, body) -> {
                webhookIds.add(headers.get("webhook-id"));
                return new WebhookSender.Delivery(answer, Optional.empty(), answer / 100 == 2 ? null : "HTTP " + answer);
            }, fixture.queue, new Schedules(1.0));

    @Test
    void shouldFollowTheScheduleThenRecordExhaustionAndFailTheMessage_whenTheClientKeepsFailing() throws Exception {
        String eventId = cancelledJob("job_1");

        for (int attempt = 1; attempt < 10; attempt++) {
            notify.notify("job_1", eventId);
            fixture.clock.advance(Duration.ofDays(1)); // past the retry delay and the delivery lease
        }
        assertThatThrownBy(() -> notify.notify("job_1", eventId)).isInstanceOf(NotifyService.DeliveryExhaustedException.class);
        assertThatThrownBy(() -> notify.notify("job_1", eventId)).isInstanceOf(NotifyService.DeliveryExhaustedException.class);

        Job job = fixture.job("job_1");
        assertThat(webhookIds).hasSize(10).containsOnly(eventId);
        assertThat(job.notification().path("attempts").asInt()).isEqualTo(10);
        assertThat(job.notification().path("exhausted").asBoolean()).isTrue();
        assertThat(job.notification().path("last_error").asText()).isEqualTo("HTTP 500");
        assertThat(fixture.queue.sent).filteredOn(sent -> sent.message().action() == JobMessage.Action.NOTIFY)
                .extracting(WorkflowFixture.SentMessage::delay)
                .containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                        Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
    }

    @Test
    void shouldDeliverOnce_whenTheSameNotificationArrivesAgainAfterSuccess() throws Exception {
        String eventId = cancelledJob("job_1");
        answer = 204;

        notify.notify("job_1", eventId);
        notify.notify("job_1", eventId);

        assertThat(webhookIds).hasSize(1);
        assertThat(fixture.job("job_1").notification().has("delivered_at")).isTrue();
    }

    @Test
    void shouldIgnoreTheMessage_whenItNamesAnotherEvent() throws Exception {
        cancelledJob("job_1");

        notify.notify("job_1", "msg_forged");

        assertThat(webhookIds).isEmpty();
    }

    private String cancelledJob(String id) {
        fixture.queuedJob(id);
        fixture.workflow.cancel("t1", id);
        fixture.queue.sent.clear();
        return fixture.job(id).notification().path("event_id").asText();
    }

}

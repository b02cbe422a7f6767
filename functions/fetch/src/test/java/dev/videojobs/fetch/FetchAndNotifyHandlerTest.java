package dev.videojobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.standardwebhooks.Webhook;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.adapter.lambda.JsonClientDocuments;
import dev.videojobs.adapter.lambda.SqsBatch;
import dev.videojobs.adapter.webhook.StandardWebhooksSigner;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.url.Fetched;
import dev.videojobs.core.url.OpenResponse;
import dev.videojobs.core.url.UrlFetcher;
import dev.videojobs.core.usecase.CopyOutputs;
import dev.videojobs.core.usecase.DeliverNotification;
import dev.videojobs.testing.InMemoryMediaStore;
import dev.videojobs.testing.InMemoryWebhookSecrets;
import dev.videojobs.testing.UnreachableAws;
import dev.videojobs.testing.WorkflowFixture;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * FetchFunction's two handlers on the sample events: on in-memory adapters they copy the event's job's output and
 * deliver its signed webhook; with AWS unreachable, the message is kept for a retry.
 */
class FetchAndNotifyHandlerTest {

    private static final String SECRET = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=";
    // an MP4 starts with a box whose type is 'ftyp'
    private static final byte[] VIDEO = "\0\0\0\u0018ftypmp42 rest of the video".getBytes(StandardCharsets.ISO_8859_1);

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final InMemoryMediaStore media = new InMemoryMediaStore();
    private final ProviderAndClient http = new ProviderAndClient();

    @ParameterizedTest
    @Event(value = "events/sqs-fetch.json", type = SQSEvent.class)
    void shouldCopyTheOutputAndSucceed_whenTheFetchMessageArrives(SQSEvent event) {
        // Arrange: the provider finished the event's job with one video
        String jobId = jobOf(event);
        fixture.queuedJob(jobId);
        fixture.useCases.forward.forward(jobId);
        fixture.useCases.reports.apply(jobId, new TaskState(fixture.job(jobId).providerTaskId().orElseThrow(), TaskState.Phase.SUCCEEDED,
                List.of("https://cdn.example/o.mp4"), List.of(false), null, Optional.empty()), Optional.empty());
        FetchHandler handler = new FetchHandler(new CopyOutputs(fixture.useCases.steps, media, http), batch(WorkQueue.Name.FETCH));

        // Act
        SQSBatchResponse response = handler.handleRequest(event, null);

        // Assert
        assertThat(response.getBatchItemFailures()).isEmpty();
        var job = fixture.job(jobId);
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.outputs()).singleElement().satisfies(output -> {
            assertThat(output.contentType()).isEqualTo("video/mp4");
            assertThat(output.bytes()).isEqualTo(VIDEO.length);
            assertThat(media.contains(output.key())).isTrue();
        });
    }

    @ParameterizedTest
    @Event(value = "events/sqs-notify.json", type = SQSEvent.class)
    void shouldDeliverAWebhookTheClientCanVerifyWithEitherSecret_whenTheNotifyMessageArrivesDuringARotation(SQSEvent event)
            throws Exception {
        // Arrange: the event's job was cancelled (its webhook event id is the one in the message); the tenant's secret was
        // just rotated, so the old one still signs too
        InMemoryWebhookSecrets secrets = InMemoryWebhookSecrets.with(SECRET);
        String rotated = secrets.rotate("t1", Instant.now().plus(Duration.ofHours(24))).current();
        String jobId = jobOf(event);
        fixture.queuedJob(jobId);
        fixture.useCases.cancel.cancel("t1", jobId);
        DeliverNotification deliver = new DeliverNotification(fixture.jobs, fixture.useCases.steps,
                new JsonClientDocuments(new JobView(media)), media, secrets, new StandardWebhooksSigner(), http, Clock.systemUTC());
        NotifyHandler handler = new NotifyHandler(deliver, batch(WorkQueue.Name.NOTIFY));

        // Act
        SQSBatchResponse response = handler.handleRequest(event, null);

        // Assert
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fixture.job(jobId).notification().orElseThrow().deliveredAt()).isPresent();
        assertThat(http.posts).singleElement().satisfies(post -> {
            assertThat(post.headers().get("webhook-id")).isEqualTo("msg_" + jobId);
            Map<String, List<String>> headers = Map.of("webhook-id", List.of(post.headers().get("webhook-id")),
                    "webhook-timestamp", List.of(post.headers().get("webhook-timestamp")),
                    "webhook-signature", List.of(post.headers().get("webhook-signature")));
            // what the client's own server does, with the Standard Webhooks library: throws unless genuine and fresh
            new Webhook(SECRET).verify(new String(post.body(), StandardCharsets.UTF_8), headers);
            new Webhook(rotated).verify(new String(post.body(), StandardCharsets.UTF_8), headers);
            assertThat(new String(post.body(), StandardCharsets.UTF_8)).contains("\"type\":\"job.cancelled\"");
        });
    }

    @ParameterizedTest
    @Event(value = "events/sqs-notify.json", type = SQSEvent.class)
    void shouldKeepTheMessageForRetry_whenTheJobCannotBeRead(SQSEvent event) {
        SQSBatchResponse response = new NotifyHandler(UnreachableAws.ENVIRONMENT).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-fetch.json", type = SQSEvent.class)
    void shouldKeepTheMessageForRetry_whenTheJobCannotBeClaimed(SQSEvent event) {
        SQSBatchResponse response = new FetchHandler(UnreachableAws.ENVIRONMENT).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
    }

    private SqsBatch batch(WorkQueue.Name queue) {
        return new SqsBatch(fixture.queue, queue, fixture.clock, fixture.useCases.noteFailure::note);
    }

    private static String jobOf(SQSEvent event) {
        return JobMessage.parse(event.getRecords().get(0).getBody()).jobId();
    }

    /** The provider's CDN (serves the video) and the client's webhook endpoint (answers 204). */
    private static final class ProviderAndClient implements UrlFetcher {

        record Post(URI uri, Map<String, String> headers, byte[] body) {}

        final List<Post> posts = new CopyOnWriteArrayList<>();

        @Override
        public OpenResponse open(URI uri) {
            return new OpenResponse(200, "video/mp4", VIDEO.length, Map.of(), new ByteArrayInputStream(VIDEO), () -> { });
        }

        @Override
        public Posted post(URI uri, Map<String, String> headers, byte[] body) {
            posts.add(new Post(uri, headers, body));
            return new Posted(204, Optional.empty());
        }

        @Override
        public Fetched fetchBytes(URI uri, long maxBytes) {
            throw new AssertionError("outputs are streamed, never read whole");
        }
    }
}

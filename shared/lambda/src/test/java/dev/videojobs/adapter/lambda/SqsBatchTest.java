package dev.videojobs.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.testing.StdErr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Only a body that is not a job message is dropped; every other failure is retried and noted on its job. */
class SqsBatchTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> noted = new CopyOnWriteArrayList<>();
    private final SqsBatch batch = new SqsBatch((queue, message, delay) -> { }, WorkQueue.Name.POLL, CLOCK,
            (message, receiveCount) -> noted.add(message.jobId() + "#" + receiveCount));

    @Test
    void shouldReportTheItemFailureAndNoteIt_whenTheHandlerThrowsIllegalArgumentException() {
        SQSEvent event = event(record("m1", JobMessage.of(Action.FORWARD, "job_1").toJson(), 3));

        SQSBatchResponse response = batch.process(event, message -> {
            throw new IllegalArgumentException("Illegal character in path: https://bad url");
        });

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m1");
        assertThat(noted).containsExactly("job_1#3");
    }

    @Test
    void shouldDropAndLogTheMessage_whenItsBodyIsNotAJobMessage() {
        SQSEvent event = event(record("m1", "{\"hello\":\"world\"}", 1), record("m2", "{\"action\":\"check\",\"job_id\":\"job_1\"}", 1));
        List<JobMessage> handled = new ArrayList<>();

        String log = StdErr.of(() -> batch.process(event, handled::add));

        assertThat(handled).isEmpty();
        assertThat(noted).isEmpty();
        assertThat(droppedIn(log, "m1")).isTrue();
        assertThat(droppedIn(log, "m2")).isTrue();
    }

    @Test
    void shouldNotDropTheOthers_whenOneMessageOfTheBatchFails() {
        SQSEvent event = event(record("m1", JobMessage.of(Action.FETCH, "job_1").toJson(), 1),
                record("m2", JobMessage.of(Action.FETCH, "job_2").toJson(), 1));
        List<String> handled = new ArrayList<>();

        SQSBatchResponse response = batch.process(event, message -> {
            handled.add(message.jobId());
            if (message.jobId().equals("job_1")) {
                throw new IllegalStateException("boom");
            }
        });

        assertThat(handled).containsExactly("job_1", "job_2");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m1");
    }

    @Test
    void shouldStillReportTheItemFailure_whenTheNoteCannotBeWritten() {
        SqsBatch unreachableStore = new SqsBatch((queue, message, delay) -> { }, WorkQueue.Name.POLL, CLOCK, (message, count) -> {
            throw new IllegalStateException("job store unreachable");
        });

        SQSBatchResponse response = unreachableStore.process(event(record("m1", JobMessage.of(Action.FORWARD, "job_1").toJson(), 1)),
                message -> {
                    throw new IllegalStateException("job store unreachable");
                });

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m1");
    }

    /** A batch of job messages whose handler throws any kind of exception, mixed with bodies that are not job messages. */
    @Property
    void shouldRetryEveryFailedJobMessageAndDropOnlyTheUnparsable(@ForAll("batches") List<Delivery> deliveries) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            records.add(record("m" + i, deliveries.get(i).body(), 1));
        }
        event.setRecords(records);
        List<String> handled = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        SqsBatch tested = new SqsBatch((queue, message, delay) -> { }, WorkQueue.Name.POLL, CLOCK, (message, count) -> notes.add(message.jobId()));

        SQSBatchResponse[] response = new SQSBatchResponse[1];
        String log = StdErr.of(() -> response[0] = tested.process(event, message -> {
            Delivery delivery = deliveries.get(Integer.parseInt(message.jobId().substring("job_".length())));
            handled.add(message.jobId());
            if (delivery.failure() != null) {
                throw delivery.failure().get();
            }
        }));

        List<String> expectedFailures = new ArrayList<>();
        List<String> expectedHandled = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            if (!deliveries.get(i).parsable()) {
                assertThat(droppedIn(log, "m" + i)).as("m%d logged as dropped", i).isTrue();
            } else {
                expectedHandled.add("job_" + i);
                if (deliveries.get(i).failure() != null) {
                    expectedFailures.add("m" + i);
                }
            }
        }
        assertThat(handled).containsExactlyElementsOf(expectedHandled);
        assertThat(response[0].getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyElementsOf(expectedFailures);
        assertThat(notes).hasSameSizeAs(expectedFailures);
    }

    record Delivery(String body, boolean parsable, Supplier<Exception> failure) {}

    @Provide
    Arbitrary<List<Delivery>> batches() {
        Arbitrary<Supplier<Exception>> failures = Arbitraries.<Supplier<Exception>>of(
                () -> new IllegalArgumentException("bad argument"), () -> new NumberFormatException("For input string: \"x\""),
                () -> new IllegalStateException("bad state"), () -> new NullPointerException(), () -> new ArithmeticException("/ by zero"),
                () -> new UncheckedIOException(new IOException("reset")), () -> new IOException("checked"),
                () -> new Exception("plain"), () -> new UnsupportedOperationException(), () -> new IndexOutOfBoundsException(3))
                .injectNull(0.3);
        Arbitrary<String> action = Arbitraries.of(Action.values()).map(a -> a.name().toLowerCase());
        Arbitrary<String> junk = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.of("{}", "[]", "null", "",
                "{\"action\":\"check\",\"job_id\":\"job_1\",\"event_id\":\"seven\"}", "{\"action\":\"fly\",\"job_id\":\"job_1\"}",
                "{\"action\":\"notify\",\"job_id\":\"job_1\"}", "{\"action\":\"fetch\",\"job_id\":\"\"}",
                "{\"action\":\"fetch\",\"job_id\":\"job_1\",\"not_before\":\"tomorrow\"}"));
        return Combinators.combine(Arbitraries.integers().between(0, 1), action, junk, failures).as(Template::new)
                .list().ofMaxSize(10).map(templates -> {
                    List<Delivery> deliveries = new ArrayList<>();
                    for (int i = 0; i < templates.size(); i++) {
                        deliveries.add(templates.get(i).delivery("job_" + i));
                    }
                    return deliveries;
                });
    }

    record Template(int kind, String action, String junk, Supplier<Exception> failure) {
        Delivery delivery(String jobId) {
            if (kind == 0) {
                return new Delivery(junk, false, null);
            }
            String body = "{\"action\":\"" + action + "\",\"job_id\":\"" + jobId + "\",\"event_id\":\"7\"}";
            return new Delivery(body, true, failure);
        }
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(records));
        return event;
    }

    private static SQSEvent.SQSMessage record(String id, String body, int receiveCount) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(id);
        record.setBody(body);
        record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        return record;
    }


    /** Whether the log has the drop event for this message. */
    private static boolean droppedIn(String log, String messageId) {
        return log.lines().anyMatch(line -> line.contains("\"event\":\"message_dropped\"")
                && line.contains("\"message_id\":\"" + messageId + "\""));
    }
}

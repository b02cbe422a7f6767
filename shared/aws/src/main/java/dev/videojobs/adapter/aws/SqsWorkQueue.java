package dev.videojobs.adapter.aws;

import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SQS queues; a delay beyond SQS's 900 s maximum is sent as a 900 s hop carrying the real due time. */
public final class SqsWorkQueue implements WorkQueue {

    static final Duration MAX_SQS_DELAY = Duration.ofSeconds(900);

    private final SqsClient sqs;
    private final Map<Name, String> urls;

    public SqsWorkQueue(SqsClient sqs, String pollUrl, String fetchUrl, String notifyUrl) {
        this.sqs = sqs;
        this.urls = new EnumMap<>(Map.of(Name.POLL, pollUrl, Name.FETCH, fetchUrl, Name.NOTIFY, notifyUrl));
    }

    @Override
    public void send(Name queue, JobMessage message, Duration delay) {
        JobMessage toSend = message;
        Duration hop = delay.isNegative() ? Duration.ZERO : delay;
        if (hop.compareTo(MAX_SQS_DELAY) > 0) {
            toSend = message.notBefore(Instant.now().plus(delay));
            hop = MAX_SQS_DELAY;
        }
        String body = toSend.toJson();
        int delaySeconds = (int) hop.toSeconds();
        sqs.sendMessage(send -> send.queueUrl(urls.get(queue)).messageBody(body).delaySeconds(delaySeconds));
    }
}

package dev.videojobs.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Delivers one webhook POST to a client-supplied URL; no exception: a failure is a delivery result too. */
public interface WebhookSender {

    Delivery post(URI url, Map<String, String> headers, byte[] body);

    /** {@code status} is -1 when no HTTP answer came (refused address, timeout, connection error). */
    record Delivery(int status, Optional<Duration> retryAfter, String error) {
        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }
}

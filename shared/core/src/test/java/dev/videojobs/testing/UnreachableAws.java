package dev.videojobs.testing;

import java.util.Map;

/** A function environment whose AWS endpoints refuse at once (nothing listens on port 1): a test that reached AWS fails. */
public final class UnreachableAws {

    public static final Map<String, String> ENVIRONMENT = Map.ofEntries(Map.entry("JOBS_TABLE", "jobs"), Map.entry("MEDIA_BUCKET", "media"),
            Map.entry("POLL_QUEUE_URL", "http://127.0.0.1:1/q/poll"), Map.entry("FETCH_QUEUE_URL", "http://127.0.0.1:1/q/fetch"),
            Map.entry("NOTIFY_QUEUE_URL", "http://127.0.0.1:1/q/notify"), Map.entry("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
            Map.entry("AWS_ACCESS_KEY_ID", "test"), Map.entry("AWS_SECRET_ACCESS_KEY", "test"), Map.entry("AWS_REGION", "us-east-1"),
            Map.entry("WAVESPEED_API_KEY", "test-key"));

    private UnreachableAws() {
    }
}

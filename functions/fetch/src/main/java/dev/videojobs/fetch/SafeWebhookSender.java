package dev.videojobs.fetch;

import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.core.url.UrlFetcher;
import java.net.URI;
import java.util.Map;

/** Webhook POSTs through the SSRF guard: a client's URL never reaches private or metadata addresses. */
public final class SafeWebhookSender implements WebhookSender {

    private final UrlFetcher http;

    public SafeWebhookSender(UrlFetcher http) {
        this.http = http;
    }

    @Override
    public Delivery post(URI url, Map<String, String> headers, byte[] body) {
        try {
            UrlFetcher.Posted posted = http.post(url, headers, body);
            return new Delivery(posted.status(), posted.retryAfter(), posted.status() / 100 == 2 ? null : "HTTP " + posted.status());
        } catch (UnsafeUrlException e) {
            return new Delivery(-1, java.util.Optional.empty(), "refused: " + e.getMessage());
        } catch (FetchException e) {
            return new Delivery(-1, java.util.Optional.empty(), e.getMessage());
        }
    }
}

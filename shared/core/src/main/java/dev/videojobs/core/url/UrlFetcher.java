package dev.videojobs.core.url;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reaches a URL a client or provider gave us (an image, a provider's output, a client's webhook). An implementation
 * must check every address it connects to with an {@link AddressPolicy}, redirects included, so that no such URL
 * ever reaches a private or metadata address.
 */
public interface UrlFetcher {

    /** Reads the whole body into memory, refusing more than {@code maxBytes}. */
    Fetched fetchBytes(URI uri, long maxBytes) throws UnsafeUrlException, FetchException;

    /** Opens a 2xx response for streaming, without a size limit; the caller closes it. */
    OpenResponse open(URI uri) throws UnsafeUrlException, FetchException;

    /** POSTs {@code body} once, following no redirect; any status is returned, not thrown. */
    Posted post(URI uri, Map<String, String> headers, byte[] body) throws UnsafeUrlException, FetchException;

    /** The answer to a POST: its status, and the wait the server asked for (Retry-After) if any. */
    record Posted(int status, Optional<Duration> retryAfter) {}
}

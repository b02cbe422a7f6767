package dev.videojobs.adapter.http;

import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.FetchTarget;
import dev.videojobs.core.url.Fetched;
import dev.videojobs.core.url.OpenResponse;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.core.url.UrlFetcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches user-supplied URLs without letting them reach internal services (SSRF). Each hop is checked, then connected
 * to the very address that was checked:
 * <ul>
 *   <li>only http and https, no credentials in the URL;</li>
 *   <li>the host is resolved and refused when any of its addresses is internal ({@link AddressPolicy});</li>
 *   <li>the connection is pinned to the first checked address, so a second DNS answer (rebinding) cannot redirect it;
 *   the Host header, SNI and certificate verification keep the URL's host name;</li>
 *   <li>redirects are followed by hand, at most {@value #MAX_REDIRECTS}, each target checked like the first URL;</li>
 *   <li>connect and read timeouts, and a byte limit enforced both on Content-Length and while reading.</li>
 * </ul>
 * {@link #post} sends a client's webhook through the same checks. Uses {@link HttpURLConnection}, the JDK client the
 * AWS SDK's UrlConnectionHttpClient also uses. Thread-safe.
 */
public final class SafeHttpFetcher implements UrlFetcher {

    public static final int MAX_REDIRECTS = 5;
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    private static final String USER_AGENT = "video-jobs/1.0";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final AddressPolicy policy;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final SSLSocketFactory tls;

    /** Default timeouts (5 s connect, 30 s between reads); internal addresses refused, loopback included. */
    public SafeHttpFetcher() {
        this(false);
    }

    public SafeHttpFetcher(boolean allowLoopback) {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, allowLoopback);
    }

    /** Default timeouts; addresses as {@code policy} allows them. */
    public SafeHttpFetcher(AddressPolicy policy) {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, policy, null);
    }

    /**
     * @param readTimeout the longest wait for each read, not for the whole body
     * @param allowLoopback lets 127.0.0.0/8 and ::1 through, for the local stack's simulator and S3 emulator
     */
    public SafeHttpFetcher(Duration connectTimeout, Duration readTimeout, boolean allowLoopback) {
        this(connectTimeout, readTimeout, new AddressPolicy(allowLoopback), null);
    }

    /** @param tls the TLS socket factory to use, or null for the JDK default (looked up on first https use) */
    SafeHttpFetcher(Duration connectTimeout, Duration readTimeout, AddressPolicy policy, SSLSocketFactory tls) {
        this.policy = policy;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
        this.tls = tls;
    }

    /** Reads the whole body into memory, refusing more than {@code maxBytes}. */
    @Override
    public Fetched fetchBytes(URI uri, long maxBytes) throws UnsafeUrlException, FetchException {
        try (OpenResponse response = open(uri, maxBytes)) {
            byte[] bytes = response.body().readAllBytes();
            if (response.contentLength() >= 0 && bytes.length != response.contentLength()) {
                throw new FetchException("response ended after " + bytes.length + " of "
                        + response.contentLength() + " announced bytes", response.status(), true, null);
            }
            return new Fetched(bytes, response.contentType());
        } catch (IOException e) {
            throw FetchException.from(e);
        }
    }

    /** Opens a 2xx response for streaming, without a size limit; the caller closes it. */
    @Override
    public OpenResponse open(URI uri) throws UnsafeUrlException, FetchException {
        return open(uri, Long.MAX_VALUE);
    }

    /**
     * Opens a 2xx response for streaming; the caller closes it. Refused at once when Content-Length announces more
     * than {@code maxBytes}; otherwise reading past {@code maxBytes} throws {@link FetchException}.
     *
     * @throws FetchException for any other status (see {@link FetchException#retryable()}), too many redirects,
     *     timeouts and connection failures
     */
    public OpenResponse open(URI uri, long maxBytes) throws UnsafeUrlException, FetchException {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = redirects == 0 ? connect(current) : connectRedirected(current);
            try {
                int status = connection.getResponseCode();
                if (isRedirect(status)) {
                    if (redirects == MAX_REDIRECTS) {
                        throw new FetchException("more than " + MAX_REDIRECTS + " redirects", status, false, null);
                    }
                    current = redirectTarget(current, connection.getHeaderField("Location"));
                    connection.disconnect();
                    continue;
                }
                if (status < 200 || status > 299) {
                    throw FetchException.forStatus(status);
                }
                return openResponse(connection, status, maxBytes);
            } catch (IOException e) {
                connection.disconnect();
                throw FetchException.from(e);
            } catch (RuntimeException e) {
                connection.disconnect();
                throw e;
            }
        }
    }

    /**
     * POSTs {@code body} once to a user-supplied URL (a client's webhook), with the same checks and pinning as GETs.
     * Redirects are not followed (a 3xx comes back as the status): re-sending a signed body to another address is not
     * what the client configured. Any status is returned rather than thrown; the response body is ignored.
     *
     * @throws FetchException when no HTTP answer came: timeouts and connection failures
     */
    @Override
    public Posted post(URI uri, Map<String, String> headers, byte[] body) throws UnsafeUrlException, FetchException {
        HttpURLConnection connection = connect(uri);
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            headers.forEach(connection::setRequestProperty);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            return new Posted(status, RetryAfter.parse(connection.getHeaderField("Retry-After"), Instant.now()));
        } catch (IOException e) {
            throw FetchException.from(e);
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection connectRedirected(URI target) throws UnsafeUrlException, FetchException {
        try {
            return connect(target);
        } catch (UnsafeUrlException e) {
            throw new UnsafeUrlException("redirect: " + e.getMessage());
        }
    }

    private HttpURLConnection connect(URI uri) throws UnsafeUrlException, FetchException {
        FetchTarget target = FetchTarget.of(uri);
        try {
            List<InetAddress> addresses = policy.resolve(target);
            HttpURLConnection connection = openPinned(target, addresses.get(0));
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setUseCaches(false);
            connection.setRequestProperty("User-Agent", USER_AGENT);
            connection.setRequestProperty("Accept", "*/*");
            return connection;
        } catch (IOException e) {
            throw FetchException.from(e);
        }
    }

    private HttpURLConnection openPinned(FetchTarget target, InetAddress checked) throws IOException {
        // The same address without its host name: the JDK would resolve a name again before connecting.
        InetAddress address = InetAddress.getByAddress(checked.getAddress());
        if (target.https()) {
            HttpsURLConnection connection =
                    (HttpsURLConnection) target.uri().toURL().openConnection(Proxy.NO_PROXY);
            connection.setSSLSocketFactory(new PinnedSslSocketFactory(tlsFactory(), address));
            return connection;
        }
        // Plain HTTP offers no socket hook, so the checked address is named as an HTTP "proxy": the JDK connects to
        // it and sends the request line in absolute form (GET http://host/path) with Host: host. Origin servers must
        // accept the absolute form (RFC 9112, 3.2.2).
        Proxy pinned = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(address, target.port()));
        return (HttpURLConnection) target.uri().toURL().openConnection(pinned);
    }

    private SSLSocketFactory tlsFactory() {
        return tls != null ? tls : HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, String location) throws FetchException {
        if (location == null || location.isBlank()) {
            throw FetchException.permanent("redirect without a Location header");
        }
        try {
            return from.resolve(new URI(location.trim()));
        } catch (URISyntaxException e) {
            throw FetchException.permanent("redirect to an invalid URL");
        }
    }

    private static OpenResponse openResponse(HttpURLConnection connection, int status, long maxBytes)
            throws IOException {
        long contentLength = connection.getContentLengthLong();
        if (contentLength > maxBytes) {
            throw new FetchException("Content-Length " + contentLength + " is larger than the limit of " + maxBytes
                    + " bytes", status, false, null);
        }
        String contentType = connection.getContentType();
        return new OpenResponse(status, contentType == null ? DEFAULT_CONTENT_TYPE : contentType, contentLength,
                headers(connection), new LimitedInputStream(connection.getInputStream(), maxBytes), connection::disconnect);
    }

    private static Map<String, List<String>> headers(HttpURLConnection connection) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the JDK files the status line under a null name
                headers.put(name, values);
            }
        });
        return Collections.unmodifiableMap(headers);
    }
}

package dev.videojobs.core.url;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;

/** A fetch that failed: an HTTP status, a timeout, an I/O error or a response over the size limit. */
public final class FetchException extends IOException {

    /** {@link #status()} when no HTTP status was received. */
    public static final int NO_STATUS = -1;

    private final int status;
    private final boolean retryable;

    public FetchException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status of the failed response, or {@link #NO_STATUS}. */
    public int status() {
        return status;
    }

    /** True when trying again later may succeed: 5xx, 429, timeouts and connection failures. */
    public boolean retryable() {
        return retryable;
    }

    public static FetchException forStatus(int status) {
        boolean retryable = status == 429 || status >= 500;
        return new FetchException("server answered HTTP " + status, status, retryable, null);
    }

    public static FetchException tooLarge(long limit) {
        return new FetchException("response is larger than the limit of " + limit + " bytes", NO_STATUS, false, null);
    }

    public static FetchException permanent(String message) {
        return new FetchException(message, NO_STATUS, false, null);
    }

    /**
     * Classifies a low-level failure; anything not known to be permanent is worth retrying. The message says what
     * happened in the terms of whoever supplied the URL, never the JDK's exception text (class names, certificate paths).
     */
    public static FetchException from(IOException e) {
        if (e instanceof FetchException fetch) {
            return fetch;
        }
        if (e instanceof SocketTimeoutException) {
            return new FetchException("timed out", NO_STATUS, true, e);
        }
        if (e instanceof UnknownHostException) {
            // DNS failures are often transient (resolver throttling); callers bound their retries anyway.
            return new FetchException("could not resolve the host name", NO_STATUS, true, e);
        }
        if (e instanceof SSLHandshakeException) {
            // Usually a certificate that does not match or is not trusted: retrying will not change it.
            return new FetchException("TLS handshake failed (certificate not trusted or not for this host)", NO_STATUS, false, e);
        }
        if (e instanceof ConnectException) {
            return new FetchException("connection refused", NO_STATUS, true, e);
        }
        if (e instanceof NoRouteToHostException) {
            return new FetchException("no route to host", NO_STATUS, true, e);
        }
        return new FetchException("connection failed", NO_STATUS, true, e);
    }
}

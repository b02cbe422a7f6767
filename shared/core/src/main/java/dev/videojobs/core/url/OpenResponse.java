package dev.videojobs.core.url;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A successful (2xx) response whose body has not been read yet. The caller streams {@link #body()} and must close
 * this response, which also drops the connection (it is pinned to one checked address, so it is never reused).
 */
public final class OpenResponse implements Closeable {

    private final int status;
    private final String contentType;
    private final long contentLength;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final Runnable disconnect;

    /** @param disconnect drops the connection once the body is closed */
    public OpenResponse(int status, String contentType, long contentLength, Map<String, List<String>> headers,
            InputStream body, Runnable disconnect) {
        this.status = status;
        this.contentType = contentType;
        this.contentLength = contentLength;
        this.headers = headers;
        this.body = body;
        this.disconnect = disconnect;
    }

    public int status() {
        return status;
    }

    /** The announced content type, {@code application/octet-stream} when the server sent none. */
    public String contentType() {
        return contentType;
    }

    /** The announced Content-Length, or -1 when absent (chunked responses). */
    public long contentLength() {
        return contentLength;
    }

    /** Response headers; names are matched case-insensitively. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body; reading past the size limit given to the fetcher throws {@link FetchException}. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        try {
            body.close();
        } finally {
            disconnect.run();
        }
    }
}

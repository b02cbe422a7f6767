package dev.videojobs.adapter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON over the JDK's HttpURLConnection, the same client the AWS SDK uses here: one HTTP implementation per artifact.
 * A connection that never reached the provider is retryable ({@link #UNREACHABLE}); a request that was sent and got no
 * answer (reset, timeout, cut off) is retryable for a read but leaves a submit's outcome unknown ({@link #NO_ANSWER}).
 * Reading the status and body is left to the provider.
 */
public final class ProviderHttp {

    public static final String UNREACHABLE = ProviderException.UNREACHABLE;
    public static final String NO_ANSWER = "provider_no_answer";

    static {
        // The JDK re-sends a POST once, silently, when the connection drops before an answer: a second billed task.
        // The template sets this for every function; here it also holds where ProviderHttp loads the HTTP client first.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    // a result may carry base64 outputs (WaveSpeed's enable_base64_output): room for several images
    private static final int MAX_BODY = 64 << 20;

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public ProviderHttp(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        /** The body as JSON, or empty when it is not JSON (an HTML error page, a truncated reply). */
        public Optional<JsonNode> json() {
            try {
                JsonNode node = Json.parse(body);
                return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        public Optional<Duration> retryAfter() {
            for (var header : headers.entrySet()) {
                if (header.getKey() != null && header.getKey().equalsIgnoreCase("Retry-After") && !header.getValue().isEmpty()) {
                    try {
                        return Optional.of(Duration.ofSeconds(Long.parseLong(header.getValue().get(0).trim())));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    public Response get(URI uri, String authorization) throws ProviderException {
        return exchange("GET", uri, authorization, null);
    }

    /** A POST that asks the provider to do something (a submit): once sent, a lost answer leaves its outcome unknown. */
    public Response post(URI uri, String authorization, JsonNode body) throws ProviderException {
        return exchange("POST", uri, authorization, Json.write(body).getBytes(StandardCharsets.UTF_8), false);
    }

    /** A POST that only reads (a search): a lost answer is retryable, like a GET's. */
    public Response postQuery(URI uri, String authorization, JsonNode body) throws ProviderException {
        return exchange("POST", uri, authorization, Json.write(body).getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * A multipart/form-data POST of one file in {@code field} (a file upload). Repeating it only stores the file again,
     * so a lost answer is retryable.
     */
    public Response postFile(URI uri, String authorization, String field, String filename, String contentType, byte[] file)
            throws ProviderException {
        String boundary = "----video-jobs-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return exchange("POST", uri, authorization, body.toByteArray(), "multipart/form-data; boundary=" + boundary, true);
    }

    private Response exchange(String method, URI uri, String authorization, byte[] body) throws ProviderException {
        return exchange(method, uri, authorization, body, true);
    }

    private Response exchange(String method, URI uri, String authorization, byte[] body, boolean readOnly) throws ProviderException {
        return exchange(method, uri, authorization, body, "application/json", readOnly);
    }

    private Response exchange(String method, URI uri, String authorization, byte[] body, String contentType, boolean readOnly)
            throws ProviderException {
        HttpURLConnection connection = null;
        boolean connected = false;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setRequestProperty("Authorization", authorization);
            connection.setRequestProperty("Accept", "application/json");
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", contentType);
            }
            connection.connect();
            connected = true;
            if (body != null) {
                // no fixed-length streaming: in that mode the JDK drops the body of a 401, and Kling's code is in it
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = stream == null ? "" : new String(stream.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            return new Response(status, text, connection.getHeaderFields());
        } catch (IOException e) {
            String what = method + " " + uri.getHost() + uri.getPath();
            String why = FetchException.from(e).getMessage();
            if (!connected) {
                throw ProviderException.retryable(UNREACHABLE, what + " could not connect: " + why);
            }
            throw new ProviderException(readOnly ? ProviderException.Kind.RETRYABLE : ProviderException.Kind.OUTCOME_UNKNOWN,
                    NO_ANSWER, what + " was sent and got no answer: " + why, null);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}

package dev.videojobs.shared.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.shared.http.FetchException;
import dev.videojobs.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over the JDK's HttpURLConnection, the same client the AWS SDK uses here: one HTTP implementation per artifact.
 * Transport failures (refused, reset, timeout) are retryable; reading the status and body is left to the provider.
 */
public final class ProviderHttp {

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

    public Response post(URI uri, String authorization, JsonNode body) throws ProviderException {
        return exchange("POST", uri, authorization, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private Response exchange(String method, URI uri, String authorization, byte[] body) throws ProviderException {
        HttpURLConnection connection = null;
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
                connection.setRequestProperty("Content-Type", "application/json");
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
            throw ProviderException.retryable("provider_unreachable", method + " " + uri.getHost() + uri.getPath()
                    + " failed: " + FetchException.from(e).getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}

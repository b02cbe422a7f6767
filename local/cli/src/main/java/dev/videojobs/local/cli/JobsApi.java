package dev.videojobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The public API of any deployment, as the {@code jobs} command calls it: the key goes as {@code x-api-key}, a 4xx or
 * 5xx becomes {@link Refused} (with the API's {@code {"error":{...}}}), a network failure {@link Unreachable}.
 */
final class JobsApi {

    /** The API answered, but not with what was asked: its status and error body. */
    static final class Refused extends Exception {
        final int status;
        final JsonNode body;

        Refused(String what, int status, JsonNode body) {
            super(what + " answered HTTP " + status + describe(body));
            this.status = status;
            this.body = body;
        }

        String code() {
            return body.path("error").path("code").asText("");
        }

        private static String describe(JsonNode body) {
            JsonNode error = body.path("error");
            if (!error.isObject()) {
                return body.isEmpty() ? "" : ": " + Json.write(body);
            }
            return ": " + error.path("code").asText() + ": " + error.path("message").asText()
                    + (error.hasNonNull("field") ? " (field " + error.path("field").asText() + ")" : "");
        }
    }

    /** The API (or the storage behind a presigned URL) could not be reached or did not answer in time. */
    static final class Unreachable extends Exception {
        Unreachable(String what, Exception cause) {
            super("could not reach " + what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
    }

    // the JDK computes these itself from the body; setting them is refused
    private static final Set<String> RESTRICTED_HEADERS = Set.of("content-length", "host", "connection", "expect", "upgrade");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;
    private final String apiKey;

    JobsApi(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) throws Refused, Unreachable, InterruptedException {
        return send("GET " + path, request(path).GET());
    }

    JsonNode post(String path, JsonNode body, Map<String, String> headers) throws Refused, Unreachable, InterruptedException {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send("POST " + path, request);
    }

    JsonNode delete(String path) throws Refused, Unreachable, InterruptedException {
        return send("DELETE " + path, request(path).DELETE());
    }

    /** Uploads a file to a presigned URL with the headers the API said to send. */
    void put(URI url, Path file, Map<String, String> headers) throws Refused, Unreachable, InterruptedException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).PUT(HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        headers.forEach((name, value) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase())) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new Refused("the upload URL", response.statusCode(), Json.object().put("body", response.body()));
            }
        } catch (IOException e) {
            throw new Unreachable("the upload URL", e);
        }
    }

    /** Downloads a presigned URL to a file. */
    void download(URI url, Path target) throws Refused, Unreachable, InterruptedException {
        try {
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                throw new Refused("the output URL", response.statusCode(), Json.object());
            }
        } catch (IOException e) {
            throw new Unreachable("the output URL", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).header("x-api-key", apiKey)
                .header("Accept", "application/json");
    }

    private JsonNode send(String what, HttpRequest.Builder request) throws Refused, Unreachable, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(base.toString(), e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw new Refused(what, response.statusCode(), body);
        }
        return body;
    }

    /** An empty body (204) is an empty object; a body that is not JSON (a proxy's page) is kept as text. */
    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return Json.object();
        }
        try {
            return Json.parse(text);
        } catch (IOException e) {
            return Json.object().put("body", text.length() > 500 ? text.substring(0, 500) + "..." : text);
        }
    }
}

package dev.videojobs.local.stack;

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

/** The public API as a client sees it (demo, benchmarks, end-to-end tests). */
public final class ApiClient {

    public record Reply(int status, JsonNode body) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String apiKey;

    public ApiClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Map.of());
    }

    public Reply post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, Map.of());
    }

    public Reply post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"), headers);
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), Map.of());
    }

    /** Downloads a URL (a presigned output URL) to a file. */
    public void download(URI url, Path target) throws IOException, InterruptedException {
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            throw new IOException("download of " + url.getPath() + " answered HTTP " + response.statusCode());
        }
    }

    private Reply send(HttpRequest.Builder request, Map<String, String> headers) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(60)).header("x-api-key", apiKey);
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? Json.object() : Json.parse(response.body());
        return new Reply(response.statusCode(), body);
    }
}

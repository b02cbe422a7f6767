package dev.videojobs.local.sim;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.awaitility.Awaitility;

/**
 * The HTTP exchanges of WaveSpeed's official Java SDK, {@code ai.wavespeed:wavespeed-java} 0.2.4
 * (github.com/WaveSpeedAI/wavespeed-java, {@code src/main/java/ai/wavespeed/api/Client.java} at commit 3fc0ae7), redone
 * with the libraries the SDK itself uses (OkHttp 4.12, Gson 2.10) so that paths, headers and bodies are what it sends,
 * and the answers are read the way it reads them. The SDK is not on Maven Central, so it cannot be a dependency.
 *
 * <ul>
 *   <li>submit: {@code POST {base}/api/v3/{model}} with {@code Authorization: Bearer}, {@code Content-Type:
 *       application/json}, {@code X-Client-Name/Version/OS}; the body is {@code gson.toJson(input)} plus
 *       {@code enable_sync_mode: true} in sync mode; sent once, never retried; anything but HTTP 200 is an error; async
 *       mode needs {@code data.id}.</li>
 *   <li>result: {@code GET {base}/api/v3/predictions/{id}/result} with the same headers, polled every
 *       {@code pollInterval}; {@code data.status} {@code completed} gives {@code data.outputs}; {@code failed},
 *       {@code cancelled} and {@code timeout} are final errors; anything else is still running.</li>
 *   <li>sync mode: the submit answer itself must be {@code completed}; code 5004 or {@code processing} with
 *       "Sync mode timed out" is the SDK's sync time-out.</li>
 * </ul>
 */
final class WaveSpeedJavaSdk {

    static final String CLIENT_NAME = "wavespeed-java";
    static final String CLIENT_VERSION = "0.2.4";
    private static final Gson GSON = new Gson();

    private final String apiKey;
    private final String baseUrl;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    WaveSpeedJavaSdk(String apiKey, String baseUrl) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl.replaceAll("/$", "");
    }

    /** What {@code Client.run} returns, or the error it raises. */
    record Run(Optional<List<String>> outputs, Optional<String> error, String taskId) {
    }

    /** {@code Client.run(model, input)} in async mode: submit once, then poll the result until it is final. */
    Run run(String model, Map<String, Object> input, Duration pollInterval, Duration timeout) throws IOException {
        Map<String, Object> submitted = submit(model, input, false);
        String id = (String) data(submitted).get("id");
        if (id == null) {
            return new Run(Optional.empty(), Optional.of("No request ID in response: " + submitted), null);
        }
        Map<String, Object>[] last = new Map[1];
        Awaitility.await().pollInterval(pollInterval).atMost(timeout).until(() -> {
            last[0] = data(result(id));
            return isFinal((String) last[0].get("status"));
        });
        String status = (String) last[0].get("status");
        if (status.equals("completed")) {
            return new Run(Optional.of(outputs(last[0])), Optional.empty(), id);
        }
        return new Run(Optional.empty(), Optional.of("Prediction " + status + " (task_id: " + id + "): "
                + Optional.ofNullable((String) last[0].get("error")).orElse("Unknown error")), id);
    }

    /** {@code Client.run(model, input, true)}: one submit with {@code enable_sync_mode}, whose answer is the result. */
    Run runSync(String model, Map<String, Object> input) throws IOException {
        Map<String, Object> data = data(submit(model, input, true));
        String id = (String) data.get("id");
        if ("completed".equals(data.get("status"))) {
            return new Run(Optional.of(outputs(data)), Optional.empty(), id);
        }
        boolean timedOut = data.get("code") instanceof Number code && code.intValue() == 5004
                || "processing".equals(data.get("status")) && String.valueOf(data.get("error")).contains("Sync mode timed out");
        return new Run(Optional.empty(), Optional.of((timedOut ? "Sync mode timed out" : "Prediction failed") + " (task_id: "
                + id + "): " + Optional.ofNullable((String) data.get("error")).orElse("Unknown error")), id);
    }

    /** The submit POST, as {@code Client.submit} sends it; a non-200 answer is the SDK's submission error. */
    Map<String, Object> submit(String model, Map<String, Object> input, boolean syncMode) throws IOException {
        Map<String, Object> body = new HashMap<>(input);
        if (syncMode) {
            body.put("enable_sync_mode", true);
        }
        Request request = withClientHeaders(new Request.Builder().url(baseUrl + "/api/v3/" + model)
                .post(RequestBody.create(GSON.toJson(body), MediaType.parse("application/json")))
                .addHeader("Authorization", "Bearer " + apiKey)
                .addHeader("Content-Type", "application/json")).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (response.code() != 200) {
                throw new SubmissionError(response.code(), text);
            }
            return GSON.fromJson(text, new TypeToken<Map<String, Object>>() { }.getType());
        }
    }

    /** The result GET, as {@code Client.getResult} sends it. */
    Map<String, Object> result(String id) throws IOException {
        Request request = withClientHeaders(new Request.Builder().url(baseUrl + "/api/v3/predictions/" + id + "/result")
                .get().addHeader("Authorization", "Bearer " + apiKey)).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (response.code() != 200) {
                throw new IOException("Failed to get result for task " + id + ": HTTP " + response.code() + ": " + text);
            }
            return GSON.fromJson(text, new TypeToken<Map<String, Object>>() { }.getType());
        }
    }

    /** The SDK's submission error: HTTP status and body as it reports them. */
    static final class SubmissionError extends IOException {
        final int status;
        final String body;

        SubmissionError(int status, String body) {
            super("Failed to submit prediction: HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
        }
    }

    private static Request.Builder withClientHeaders(Request.Builder builder) {
        return builder.addHeader("X-Client-Name", CLIENT_NAME).addHeader("X-Client-Version", CLIENT_VERSION)
                .addHeader("X-Client-OS", "linux");
    }

    private static boolean isFinal(String status) {
        return List.of("completed", "failed", "cancelled", "timeout").contains(status);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> envelope) {
        return (Map<String, Object>) envelope.get("data");
    }

    @SuppressWarnings("unchecked")
    private static List<String> outputs(Map<String, Object> data) {
        return (List<String>) data.get("outputs");
    }
}

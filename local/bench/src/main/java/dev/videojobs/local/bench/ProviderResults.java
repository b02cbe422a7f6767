package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.sim.ProviderSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/** The simulator's WaveSpeed result endpoint, read as any API client would: what the provider says of a task. */
final class ProviderResults {

    private final ProviderSimulator simulator;
    private final HttpClient http = HttpClient.newHttpClient();

    ProviderResults(ProviderSimulator simulator) {
        this.simulator = simulator;
    }

    /** The prediction object (the result envelope's data), as the provider's webhook also carries it. */
    JsonNode prediction(String taskId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUri() + "/api/v3/predictions/" + taskId + "/result"))
                .header("Authorization", "Bearer " + simulator.options().waveSpeedApiKey()).build();
        return Json.parse(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("data");
    }

    /**
     * When the task finished, by the provider's account: created_at plus timings.inference. The wait between submit
     * and the start of processing is not reported, so this is a little early (latencies from it err long).
     */
    double finishedAtMs(String taskId) throws Exception {
        JsonNode data = prediction(taskId);
        return Instant.parse(data.path("created_at").asText()).toEpochMilli() + data.path("timings").path("inference").asDouble();
    }
}

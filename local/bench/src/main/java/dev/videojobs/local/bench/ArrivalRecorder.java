package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A client's webhook endpoint that notes when each job's first webhook arrived (wall clock, ms). */
final class ArrivalRecorder implements AutoCloseable {

    /** The first webhook of one job. */
    record Arrival(String jobId, String status, String providerTaskId, long arrivedAtMs) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, Arrival> first = new ConcurrentHashMap<>();
    private final AtomicInteger deliveries = new AtomicInteger();

    ArrivalRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", exchange -> {
            long arrived = System.currentTimeMillis();
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            deliveries.incrementAndGet();
            try {
                JsonNode job = Json.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)).path("data");
                first.putIfAbsent(job.path("id").asText(), new Arrival(job.path("id").asText(), job.path("status").asText(),
                        job.path("provider_task_id").asText(null), arrived));
            } catch (IOException e) {
                System.err.println("bench: unreadable webhook body: " + e.getMessage());
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    Map<String, Arrival> arrivals() {
        return first;
    }

    Optional<Arrival> arrival(String jobId) {
        return Optional.ofNullable(first.get(jobId));
    }

    int deliveries() {
        return deliveries.get();
    }

    /** Waits until every one of {@code jobIds} has had its webhook; false if {@code timeout} passed first. */
    boolean awaitAll(java.util.Collection<String> jobIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (first.keySet().containsAll(jobIds)) {
                return true;
            }
            Thread.sleep(20);
        }
        return first.keySet().containsAll(jobIds);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

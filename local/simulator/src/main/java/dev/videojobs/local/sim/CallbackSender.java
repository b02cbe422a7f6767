package dev.videojobs.local.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * POSTs provider callbacks, one task's callbacks strictly in order, applying the callback faults (drop, duplicate,
 * delay). A failed delivery is not retried: neither provider documents retries, and receivers must poll anyway.
 */
final class CallbackSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CallbackSender.class.getName());

    private final FaultPlan faults;
    private final ExecutorService pool = Executors.newCachedThreadPool(TaskRunner.daemon("provider-sim-callback"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CallbackSender(FaultPlan faults) {
        this.faults = faults;
    }

    /**
     * Queues one callback. The body is fixed now (it describes this status change); the headers are made at send
     * time, so a delayed WaveSpeed webhook carries a fresh timestamp.
     */
    void send(SimTask task, String url, byte[] body, Supplier<Map<String, String>> headersAtSendTime) {
        int copies = url == null ? 0 : faults.callbackCopies(task.faultSubject());
        if (copies == 0) {
            return;
        }
        long delayMs = faults.getCallbackDelayMs();
        var executor = delayMs > 0 ? CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, pool) : pool;
        task.queueCallback(() -> {
            Map<String, String> headers = headersAtSendTime.get();
            for (int i = 0; i < copies; i++) {
                post(url, body, headers);
                task.countCallback();
            }
        }, executor);
    }

    private void post(String url, byte[] body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                LOG.fine(() -> "callback to " + url + " answered HTTP " + status);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.FINE, "callback to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

package dev.videojobs.local.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/** A client's webhook endpoint on loopback: records every delivery and answers with a chosen status. */
public final class WebhookReceiver implements AutoCloseable {

    /** One delivery, with the status this receiver answered. */
    public record Delivery(Map<String, List<String>> headers, String body, int answered) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<String> answer = path -> 204;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int status = answer.applyAsInt(exchange.getRequestURI().getPath());
            deliveries.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    /** The status the next deliveries get (e.g. 500 to make the sender retry, 410 to make it stop). */
    public void answerWith(IntSupplier status) {
        this.answer = path -> status.getAsInt();
    }

    /** The status each delivery gets, chosen from the path it was sent to (e.g. per job, for a seeded test). */
    public void answerWith(ToIntFunction<String> statusForPath) {
        this.answer = statusForPath;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.videojobs.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HTTP server on the loopback interface that records what it receives. */
public final class LoopbackServer implements AutoCloseable {

    /** What the server saw of one request. */
    public record Received(String method, String path, String query, String host) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private LoopbackServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.start();
    }

    /** Bound to the address "localhost" resolves to first, so both {@link #uri} forms reach it. */
    public static LoopbackServer start() throws IOException {
        return new LoopbackServer(HttpServer.create(new InetSocketAddress(localhost(), 0), 0));
    }

    public static InetAddress localhost() throws IOException {
        return InetAddress.getAllByName("localhost")[0];
    }

    /** Serves {@code body} with a Content-Length. */
    public LoopbackServer respond(String path, int status, String contentType, byte[] body) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            send(exchange, status, body, body.length);
        });
    }

    /** Serves {@code body} chunked, without a Content-Length. */
    public LoopbackServer respondChunked(String path, byte[] body) {
        return handle(path, exchange -> send(exchange, 200, body, 0));
    }

    public LoopbackServer redirect(String path, int status, String location) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            send(exchange, status, new byte[0], -1);
        });
    }

    public LoopbackServer handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            URI uri = exchange.getRequestURI();
            received.add(new Received(exchange.getRequestMethod(), uri.getPath(), uri.getQuery(),
                    exchange.getRequestHeaders().getFirst("Host")));
            handler.handle(exchange);
        });
        return this;
    }

    /** http://localhost:port + path */
    public URI uri(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    /** The same URL with the server's IP literal as the host. */
    public URI ipUri(String path) {
        InetAddress address = server.getAddress().getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + port() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    public static void send(HttpExchange exchange, int status, byte[] body, long length) throws IOException {
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.videojobs.shared.http;

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
final class LoopbackServer implements AutoCloseable {

    /** What the server saw of one request. */
    record Received(String method, String path, String query, String host) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private LoopbackServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.start();
    }

    /** Bound to the address "localhost" resolves to first, so both {@link #uri} forms reach it. */
    static LoopbackServer start() throws IOException {
        return new LoopbackServer(HttpServer.create(new InetSocketAddress(localhost(), 0), 0));
    }

    static InetAddress localhost() throws IOException {
        return InetAddress.getAllByName("localhost")[0];
    }

    /** Serves {@code body} with a Content-Length. */
    LoopbackServer respond(String path, int status, String contentType, byte[] body) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            send(exchange, status, body, body.length);
        });
    }

    /** Serves {@code body} chunked, without a Content-Length. */
    LoopbackServer respondChunked(String path, byte[] body) {
        return handle(path, exchange -> send(exchange, 200, body, 0));
    }

    LoopbackServer redirect(String path, int status, String location) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            send(exchange, status, new byte[0], -1);
        });
    }

    LoopbackServer handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            URI uri = exchange.getRequestURI();
            received.add(new Received(exchange.getRequestMethod(), uri.getPath(), uri.getQuery(),
                    exchange.getRequestHeaders().getFirst("Host")));
            handler.handle(exchange);
        });
        return this;
    }

    /** http://localhost:port + path */
    URI uri(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    /** The same URL with the server's IP literal as the host. */
    URI ipUri(String path) {
        InetAddress address = server.getAddress().getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + port() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    static void send(HttpExchange exchange, int status, byte[] body, long length) throws IOException {
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

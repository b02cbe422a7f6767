package dev.videojobs.local.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A provider's output server for the copy benchmark: {@code GET /video/{bytes}.mp4} streams that many deterministic
 * bytes with a Content-Length, starting with an MP4 'ftyp' box (what CopyOutputs' content check looks for). The
 * bytes are generated, so a 2 GiB output needs no 2 GiB file.
 */
final class GeneratedVideoServer implements AutoCloseable {

    private static final int BLOCK_BYTES = 1 << 20;
    private static final String PATH = "/video/";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    /** The first block carries the ftyp box; the others are the same pseudo-random block (incompressible). */
    private final byte[] firstBlock = new byte[BLOCK_BYTES];
    private final byte[] block = new byte[BLOCK_BYTES];

    GeneratedVideoServer() throws IOException {
        new SplittableRandom(42).nextBytes(block);
        System.arraycopy(block, 0, firstBlock, 0, BLOCK_BYTES);
        byte[] ftyp = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
        System.arraycopy(ftyp, 0, firstBlock, 0, ftyp.length);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext(PATH, this::serve);
        server.setExecutor(threads);
        server.start();
    }

    URI url(long bytes) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH + bytes + ".mp4");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(PATH.length());
            long length;
            try {
                length = Long.parseLong(name.replace(".mp4", ""));
            } catch (NumberFormatException e) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, length);
            OutputStream body = exchange.getResponseBody();
            long sent = 0;
            while (sent < length) {
                int n = (int) Math.min(BLOCK_BYTES, length - sent);
                body.write(sent == 0 ? firstBlock : block, 0, n);
                sent += n;
            }
            body.flush();
        } catch (IOException e) {
            // the reader went away (a failed copy): nothing to do
            System.err.println("bench: generated download stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

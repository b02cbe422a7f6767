package dev.videojobs.adapter.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.core.url.UrlFetcher;
import dev.videojobs.testing.LoopbackServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SafeHttpFetcherPostTest {

    private static final byte[] PAYLOAD = "{\"id\":\"job-1\"}".getBytes(UTF_8);

    private final SafeHttpFetcher loopbackAllowed = new SafeHttpFetcher(true);
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private LoopbackServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = LoopbackServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldSendBodyAndHeaders_whenPostingToAnAllowedHost() throws Exception {
        // Arrange
        server.handle("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            signatures.add(exchange.getRequestHeaders().getFirst("Webhook-Signature"));
            LoopbackServer.send(exchange, 204, new byte[0], -1);
        });

        // Act
        UrlFetcher.Posted posted = loopbackAllowed.post(server.uri("/hook"),
                Map.of("Content-Type", "application/json", "Webhook-Signature", "v1,abc"), PAYLOAD);

        // Assert
        assertThat(posted).isEqualTo(new UrlFetcher.Posted(204, Optional.empty()));
        assertThat(bodies).containsExactly("{\"id\":\"job-1\"}");
        assertThat(signatures).containsExactly("v1,abc");
        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.host()).isEqualTo("localhost:" + server.port());
        });
    }

    @Test
    void shouldReturnStatusAndRetryAfter_whenReceiverIsBusy() throws Exception {
        // Arrange
        server.handle("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Retry-After", "120");
            LoopbackServer.send(exchange, 503, new byte[0], -1);
        });

        // Act
        UrlFetcher.Posted posted = loopbackAllowed.post(server.uri("/hook"), Map.of(), PAYLOAD);

        // Assert
        assertThat(posted.status()).isEqualTo(503);
        assertThat(posted.retryAfter()).contains(Duration.ofSeconds(120));
    }

    @Test
    void shouldNotFollowRedirects_whenPosting() throws Exception {
        // Arrange
        server.redirect("/hook", 307, "/elsewhere").respond("/elsewhere", 200, "text/plain", new byte[0]);

        // Act
        UrlFetcher.Posted posted = loopbackAllowed.post(server.uri("/hook"), Map.of(), PAYLOAD);

        // Assert
        assertThat(posted.status()).isEqualTo(307);
        assertThat(server.received()).extracting(LoopbackServer.Received::path).containsExactly("/hook");
    }

    @Test
    void shouldRefuse_whenWebhookTargetsAPrivateAddress() {
        assertThatThrownBy(() -> loopbackAllowed.post(URI.create("http://192.168.1.10/hook"), Map.of(), PAYLOAD))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host resolves to a private address");
    }
}

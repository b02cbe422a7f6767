package dev.videojobs.adapter.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sent request whose answer is lost is told apart from one that never reached the provider, and never re-sent. */
class ProviderHttpTest {

    private final ProviderHttp http = new ProviderHttp(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();

    /** Reads each request's head and closes the connection without an answer, as a provider that crashed mid-call. */
    @BeforeEach
    void startAServerThatNeverAnswers() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    if (reader.readLine() != null) {
                        requests.incrementAndGet();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        accepting.setDaemon(true);
        accepting.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void shouldReportAnUnknownOutcomeAndSendOnce_whenASubmitsAnswerIsLost() {
        // Act / Assert
        assertThatThrownBy(() -> http.post(uri("/submit"), "Bearer k", Json.object().put("prompt", "p")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.OUTCOME_UNKNOWN);
                    assertThat(e.code()).isEqualTo(ProviderHttp.NO_ANSWER);
                });
        assertThat(requests.get()).as("POSTs the provider received").isEqualTo(1);
    }

    @Test
    void shouldBeRetryable_whenAReadsAnswerIsLost() {
        assertThatThrownBy(() -> http.get(uri("/result"), "Bearer k"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.RETRYABLE));
        assertThatThrownBy(() -> http.postQuery(uri("/search"), "Bearer k", Json.object()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.RETRYABLE));
    }

    @Test
    void shouldBeRetryableAsUnreachable_whenTheConnectionIsRefused() throws IOException {
        // Arrange: a port nobody listens on
        URI closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + probe.getLocalPort() + "/submit");
        }

        // Act / Assert
        URI target = closed;
        assertThatThrownBy(() -> http.post(target, "Bearer k", Json.object()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.RETRYABLE);
                    assertThat(e.code()).isEqualTo(ProviderHttp.UNREACHABLE);
                });
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }
}

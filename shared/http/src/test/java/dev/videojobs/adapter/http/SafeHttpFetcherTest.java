package dev.videojobs.adapter.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.Fetched;
import dev.videojobs.core.url.OpenResponse;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.testing.LoopbackServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHttpFetcherTest {

    private static final byte[] BODY = "hello, world".getBytes(UTF_8);

    private final SafeHttpFetcher loopbackAllowed = new SafeHttpFetcher(true);
    private final SafeHttpFetcher strict = new SafeHttpFetcher(false);
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
    void shouldReturnBodyAndContentType_whenLoopbackIsAllowed() throws Exception {
        // Arrange
        server.respond("/image", 200, "image/png", BODY);

        // Act
        Fetched fetched = loopbackAllowed.fetchBytes(server.uri("/image"), 1024);

        // Assert
        assertThat(fetched.bytes()).isEqualTo(BODY);
        assertThat(fetched.contentType()).isEqualTo("image/png");
    }

    @Test
    void shouldKeepHostHeaderPathAndQuery_whenConnectionIsPinnedToTheCheckedAddress() throws Exception {
        // Arrange
        server.respond("/a", 200, "text/plain", BODY);

        // Act
        loopbackAllowed.fetchBytes(server.uri("/a/b?c=d"), 1024);

        // Assert
        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/a/b");
            assertThat(request.query()).isEqualTo("c=d");
            assertThat(request.host()).isEqualTo("localhost:" + server.port());
        });
    }

    @Test
    void shouldConnectToTheCheckedAddress_whenTheNameWouldNotResolveAgain() throws Exception {
        // Arrange: our resolver answers for a name that the system resolver cannot resolve, as a rebinding DNS server
        // would answer differently the second time. The fetch only works if the JDK does not look the name up again.
        InetAddress checked = InetAddress.getByAddress("rebinding.invalid", LoopbackServer.localhost().getAddress());
        AddressPolicy policy = new AddressPolicy(true, Set.of(), host -> new InetAddress[] {checked});
        SafeHttpFetcher fetcher = new SafeHttpFetcher(Duration.ofSeconds(2), Duration.ofSeconds(2), policy, null);
        server.respond("/image", 200, "image/png", BODY);

        // Act
        Fetched fetched = fetcher.fetchBytes(URI.create("http://rebinding.invalid:" + server.port() + "/image"), 1024);

        // Assert
        assertThat(fetched.bytes()).isEqualTo(BODY);
        assertThat(server.received()).extracting(LoopbackServer.Received::host)
                .containsExactly("rebinding.invalid:" + server.port());
    }

    @Test
    void shouldRefuseWithoutConnecting_whenHostIsLoopbackAndLoopbackIsNotAllowed() {
        // Arrange
        server.respond("/image", 200, "image/png", BODY);

        // Act + Assert
        assertThatThrownBy(() -> strict.fetchBytes(server.ipUri("/image"), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host resolves to a loopback address");
        assertThatThrownBy(() -> strict.fetchBytes(server.uri("/image"), 1024))
                .isInstanceOf(UnsafeUrlException.class);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void shouldRefuseWithoutConnecting_whenLoopbackPortIsDenied() throws Exception {
        // Arrange: the local stack allows loopback, but not its emulators' ports; here the test server plays one
        AddressPolicy policy = new AddressPolicy(true, Set.of(server.port()), java.net.InetAddress::getAllByName);
        SafeHttpFetcher fetcher = new SafeHttpFetcher(policy);
        server.respond("/queue", 200, "text/plain", BODY);

        // Act + Assert: neither a GET nor a webhook POST reaches it
        assertThatThrownBy(() -> fetcher.fetchBytes(server.uri("/queue"), 1024)).isInstanceOf(UnsafeUrlException.class)
                .hasMessageContaining("port " + server.port());
        assertThatThrownBy(() -> fetcher.post(server.uri("/queue"), java.util.Map.of(), BODY)).isInstanceOf(UnsafeUrlException.class);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void shouldRefuseRedirect_whenItTargetsADeniedLoopbackPort() throws Exception {
        // Arrange
        try (LoopbackServer emulator = LoopbackServer.start()) {
            AddressPolicy policy = new AddressPolicy(true, Set.of(emulator.port()), java.net.InetAddress::getAllByName);
            server.redirect("/start", 302, emulator.uri("/?Action=CreateQueue&QueueName=x").toString());

            // Act + Assert
            assertThatThrownBy(() -> new SafeHttpFetcher(policy).fetchBytes(server.uri("/start"), 1024))
                    .isInstanceOf(UnsafeUrlException.class).hasMessageStartingWith("redirect: port ");
            assertThat(emulator.received()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://[::1]/", "http://localhost/", "https://127.0.0.2:8443/"})
    void shouldRefuseLoopbackUrls_whenLoopbackIsNotAllowed(String url) {
        assertThatThrownBy(() -> strict.fetchBytes(URI.create(url), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host resolves to a loopback address");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://10.0.0.1/image.png",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:10.0.0.1]/"})
    void shouldRefusePrivateAddresses_evenWhenLoopbackIsAllowed(String url) {
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(URI.create(url), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host resolves to a private address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/"})
    void shouldRefuseLinkLocalAddresses_whenUrlTargetsTheMetadataService(String url) {
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(URI.create(url), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host resolves to a link-local address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.GOOGLE.INTERNAL./",
        "http://instance-data/latest/"})
    void shouldRefuseMetadataHostNames_whenUrlNamesThem(String url) {
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(URI.create(url), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host is a cloud metadata service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/image.png", "file:///etc/passwd", "gopher://example.com/", "example.com/x"})
    void shouldRefuseUrl_whenSchemeIsNotHttpOrHttps(String url) {
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(URI.create(url), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("URL scheme must be http or https");
    }

    @Test
    void shouldRefuseUrl_whenItContainsCredentials() {
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(URI.create("http://user:pw@localhost:" + server.port() + "/x"), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("URL must not contain credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/iam/", "http://10.0.0.1/", "file:///etc/passwd"})
    void shouldRefuseRedirect_whenTargetIsForbidden(String target) {
        // Arrange: loopback is allowed so the test server is reachable; the redirect target must still be checked.
        server.redirect("/start", 302, target);

        // Act + Assert
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(server.uri("/start"), 1024))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessageStartingWith("redirect: ");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void shouldFollowRelativeRedirects_whenTargetsAreAllowed() throws Exception {
        // Arrange
        server.redirect("/one", 301, "/two").redirect("/two", 307, "three").respond("/three", 200, "text/plain", BODY);

        // Act
        Fetched fetched = loopbackAllowed.fetchBytes(server.uri("/one"), 1024);

        // Assert
        assertThat(fetched.bytes()).isEqualTo(BODY);
        assertThat(server.received()).extracting(LoopbackServer.Received::path).containsExactly("/one", "/two", "/three");
    }

    @Test
    void shouldFollowFiveRedirects_whenChainEndsInTime() throws Exception {
        // Arrange
        for (int i = 0; i < 5; i++) {
            server.redirect("/hop" + i, 302, "/hop" + (i + 1));
        }
        server.respond("/hop5", 200, "text/plain", BODY);

        // Act
        Fetched fetched = loopbackAllowed.fetchBytes(server.uri("/hop0"), 1024);

        // Assert
        assertThat(fetched.bytes()).isEqualTo(BODY);
    }

    @Test
    void shouldFail_whenThereAreMoreThanFiveRedirects() {
        // Arrange
        server.redirect("/loop", 302, "/loop");

        // Act + Assert
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(server.uri("/loop"), 1024))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("more than 5 redirects");
        assertThat(server.received()).hasSize(6);
    }

    @Test
    void shouldRefuseBeforeReadingTheBody_whenContentLengthExceedsTheLimit() {
        // Arrange
        server.respond("/big", 200, "image/png", new byte[2000]);

        // Act + Assert
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(server.uri("/big"), 1000))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("Content-Length 2000 is larger than the limit of 1000 bytes");
    }

    @Test
    void shouldFailWhileReading_whenChunkedBodyExceedsTheLimit() {
        // Arrange
        server.respondChunked("/big", new byte[2000]);

        // Act + Assert
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(server.uri("/big"), 1000))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("response is larger than the limit of 1000 bytes");
    }

    @Test
    void shouldAcceptBody_whenItIsExactlyTheLimit() throws Exception {
        // Arrange
        server.respondChunked("/exact", new byte[1000]);

        // Act
        Fetched fetched = loopbackAllowed.fetchBytes(server.uri("/exact"), 1000);

        // Assert
        assertThat(fetched.bytes()).hasSize(1000);
        assertThat(fetched.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void shouldStreamTheBody_whenResponseIsOpened() throws Exception {
        // Arrange
        server.handle("/video", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.getResponseHeaders().set("X-Request-Id", "r-1");
            LoopbackServer.send(exchange, 200, BODY, BODY.length);
        });

        // Act
        try (OpenResponse response = loopbackAllowed.open(server.uri("/video"))) {
            byte[] body = response.body().readAllBytes();

            // Assert
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).isEqualTo("video/mp4");
            assertThat(response.contentLength()).isEqualTo(BODY.length);
            assertThat(response.headers().get("x-request-id")).containsExactly("r-1");
            assertThat(body).isEqualTo(BODY);
        }
    }

    @Test
    void shouldReportUnknownLength_whenOpenedResponseIsChunked() throws Exception {
        // Arrange
        server.respondChunked("/video", BODY);

        // Act
        try (OpenResponse response = loopbackAllowed.open(server.uri("/video"))) {
            // Assert
            assertThat(response.contentLength()).isEqualTo(-1);
            assertThat(response.body().readAllBytes()).isEqualTo(BODY);
        }
    }

    @Test
    void shouldFailWhileStreaming_whenOpenedBodyExceedsTheLimit() throws Exception {
        // Arrange
        server.respondChunked("/video", new byte[5000]);

        // Act
        try (OpenResponse response = loopbackAllowed.open(server.uri("/video"), 4096)) {
            InputStream body = response.body();

            // Assert
            assertThatThrownBy(body::readAllBytes).isInstanceOf(FetchException.class);
        }
    }

    @Test
    void shouldFailAsPermanent_whenServerAnswersNotFound() {
        // Arrange
        server.respond("/gone", 404, "text/plain", BODY);

        // Act + Assert
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(server.uri("/gone"), 1024))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void shouldFailAsRetryable_whenServerIsOverloadedOrFailing(int status) {
        // Arrange
        server.respond("/busy", status, "text/plain", BODY);

        // Act + Assert
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(server.uri("/busy"), 1024))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void shouldFailAsRetryable_whenServerDoesNotAnswerInTime() throws Exception {
        // Arrange
        CountDownLatch release = new CountDownLatch(1);
        server.handle("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        SafeHttpFetcher impatient = new SafeHttpFetcher(Duration.ofSeconds(2), Duration.ofMillis(200), true);

        // Act + Assert
        try {
            assertThatThrownBy(() -> impatient.fetchBytes(server.uri("/slow"), 1024))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageStartingWith("timed out");
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldFailAsRetryable_whenNothingListens() throws Exception {
        // Arrange: a port that was just free, so the connection is refused.
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, LoopbackServer.localhost())) {
            port = socket.getLocalPort();
        }

        // Act + Assert
        assertThatThrownBy(() -> loopbackAllowed.fetchBytes(URI.create("http://localhost:" + port + "/"), 1024))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.retryable()).isTrue());
    }
}

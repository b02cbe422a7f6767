package dev.videojobs.adapter.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.Fetched;
import dev.videojobs.testing.LoopbackServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinning an https connection to the checked address must keep TLS intact: the certificate is checked against the
 * URL's host name (the same name the JDK puts in SNI; it sends none for a dotless name like "localhost", so SNI
 * itself cannot be observed here). A self-signed certificate for "localhost" is made with the JDK's keytool.
 */
class SafeHttpFetcherTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final byte[] BODY = "over tls".getBytes(UTF_8);

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static ExecutorService executor;
    private static SafeHttpFetcher fetcher;
    private static final List<String> hostHeadersSeen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        KeyStore keyStore = selfSignedLocalhostKeyStore();
        server = HttpsServer.create(new InetSocketAddress(LoopbackServer.localhost(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
        server.createContext("/", exchange -> {
            hostHeadersSeen.add(exchange.getRequestHeaders().getFirst("Host"));
            LoopbackServer.send(exchange, 200, BODY, BODY.length);
        });
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
        fetcher = new SafeHttpFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), new AddressPolicy(true),
                clientContext(keyStore).getSocketFactory());
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void shouldVerifyTheHostNameAndKeepTheHostHeader_whenConnectionIsPinned() throws Exception {
        // Arrange
        URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/image");

        // Act
        Fetched fetched = fetcher.fetchBytes(uri, 1024);

        // Assert
        assertThat(fetched.bytes()).isEqualTo(BODY);
        assertThat(hostHeadersSeen).contains("localhost:" + server.getAddress().getPort());
    }

    @Test
    void shouldFailAsPermanent_whenCertificateDoesNotMatchTheHost() {
        // Arrange: the certificate names only "localhost", not the IP literal.
        String ip = server.getAddress().getAddress().getHostAddress();
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        URI uri = URI.create("https://" + host + ":" + server.getAddress().getPort() + "/image");

        // Act + Assert
        assertThatThrownBy(() -> fetcher.fetchBytes(uri, 1024))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageStartingWith("TLS handshake failed");
    }

    private static KeyStore selfSignedLocalhostKeyStore() throws Exception {
        Path file = dir.resolve("localhost.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "localhost",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        try (InputStream output = process.getInputStream()) {
            String log = new String(output.readAllBytes(), UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + log);
            }
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    private static SSLContext serverContext(KeyStore keyStore) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(KeyStore trusted) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}

package dev.videojobs.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.testing.LoopbackServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class PinnedSslSocketFactoryTest {

    private static final SSLSocketFactory TLS = (SSLSocketFactory) SSLSocketFactory.getDefault();

    @Test
    void shouldConnectToThePinnedAddress_whenAskedToConnectToAName() throws Exception {
        // Arrange: an unresolved name, as the JDK's HTTPS client passes it; nothing here may look it up.
        try (ServerSocket listener = new ServerSocket(0, 1, LoopbackServer.localhost());
             Socket socket = new PinnedSslSocketFactory(TLS, listener.getInetAddress()).createSocket()) {
            InetSocketAddress requested = InetSocketAddress.createUnresolved("rebinding.invalid", listener.getLocalPort());

            // Act
            socket.connect(requested, 2000);

            // Assert
            assertThat(socket.getInetAddress()).isEqualTo(listener.getInetAddress());
            assertThat(socket.getPort()).isEqualTo(listener.getLocalPort());
        }
    }

    @Test
    void shouldRefuseToLayerTls_whenSocketIsConnectedElsewhere() throws Exception {
        // Arrange
        InetAddress other = InetAddress.getByName("192.0.2.1"); // never contacted
        try (ServerSocket listener = new ServerSocket(0, 1, LoopbackServer.localhost());
             Socket plain = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
            PinnedSslSocketFactory factory = new PinnedSslSocketFactory(TLS, other);

            // Act + Assert
            assertThatThrownBy(() -> factory.createSocket(plain, "example.com", 443, true))
                    .isInstanceOf(SocketException.class);
        }
    }

    @Test
    void shouldRefuseUnpinnedConnections_whenAskedForAConnectedSocket() {
        PinnedSslSocketFactory factory = new PinnedSslSocketFactory(TLS, InetAddress.getLoopbackAddress());

        assertThatThrownBy(() -> factory.createSocket("example.com", 443)).isInstanceOf(SocketException.class);
    }
}

package dev.videojobs.adapter.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes an {@code HttpsURLConnection} connect to an address checked beforehand instead of resolving the host again,
 * which closes the DNS-rebinding window between the check and the connect. The JDK's HTTPS client asks this factory
 * for an unconnected socket, connects it (we substitute the pinned address; the JDK's own lookup of the name just
 * before is ignored), then asks to layer TLS over it with the URL's host name: SNI and certificate hostname
 * verification therefore still use the real host name. New factory per request: the JDK keys its keep-alive cache on
 * the factory, so a pinned connection is never handed to another request.
 */
final class PinnedSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final InetAddress pinned;

    PinnedSslSocketFactory(SSLSocketFactory tls, InetAddress pinned) {
        this.tls = tls;
        this.pinned = pinned;
    }

    @Override
    public Socket createSocket() {
        return new PinnedSocket(pinned);
    }

    @Override
    public Socket createSocket(Socket connected, String host, int port, boolean autoClose) throws IOException {
        if (!pinned.equals(connected.getInetAddress())) {
            connected.close();
            throw new SocketException("connection is not to the checked address");
        }
        return tls.createSocket(connected, host, port, autoClose);
    }

    // The JDK connects through the two methods above. These would resolve or connect on their own, bypassing the pin.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw unpinned();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw unpinned();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw unpinned();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw unpinned();
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    private static SocketException unpinned() {
        return new SocketException("only pinned connections are allowed");
    }

    /** A plain socket that connects to the pinned address whatever address it is asked for; the port is kept. */
    private static final class PinnedSocket extends Socket {

        private final InetAddress pinned;

        PinnedSocket(InetAddress pinned) {
            this.pinned = pinned;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            int port = ((InetSocketAddress) endpoint).getPort();
            super.connect(new InetSocketAddress(pinned, port), timeout);
        }
    }
}

package dev.videojobs.shared.http;

import java.net.URI;
import java.util.Locale;

/** A URL that passed the syntactic checks: http or https, a host, no credentials. */
record FetchTarget(URI uri, String host, int port, boolean https) {

    static FetchTarget of(URI uri) throws UnsafeUrlException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UnsafeUrlException("URL scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new UnsafeUrlException("URL has no valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrlException("URL must not contain credentials");
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        return new FetchTarget(uri, uri.getHost(), port, https);
    }
}

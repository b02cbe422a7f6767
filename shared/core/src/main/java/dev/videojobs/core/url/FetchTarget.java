package dev.videojobs.core.url;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A user-supplied URL that passed the syntactic checks: http or https, a valid host, no credentials, a port in range,
 * and an IPv4 literal only in the dotted-decimal form. Which addresses it may reach is {@link AddressPolicy}'s call.
 */
public record FetchTarget(URI uri, String host, int port, boolean https) {

    private static final Pattern HTTP_SCHEME = Pattern.compile("(?i)https?:.*", Pattern.DOTALL);
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** A label that URL parsers read as a number (decimal, octal with a leading 0, or hex with 0x). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    /** True when {@code reference} names the http or https scheme (in any case): it is meant as a URL to fetch. */
    public static boolean isHttpUrl(String reference) {
        return HTTP_SCHEME.matcher(reference).matches();
    }

    /** Parses a URL as given by a client; any syntax error (a space, a bad escape) refuses it. */
    public static FetchTarget parse(String url) throws UnsafeUrlException {
        try {
            return of(new URI(url));
        } catch (URISyntaxException e) {
            throw new UnsafeUrlException("URL is not valid (" + e.getReason().toLowerCase(Locale.ROOT) + " at character "
                    + (e.getIndex() + 1) + ")");
        }
    }

    public static FetchTarget of(URI uri) throws UnsafeUrlException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UnsafeUrlException("URL scheme must be http or https");
        }
        // java.net.URI leaves the host null when the authority is not a valid host name or IP literal
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new UnsafeUrlException("URL has no valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrlException("URL must not contain credentials");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new UnsafeUrlException("URL port must be from 1 to 65535");
        }
        if (isNumericHost(uri.getHost()) && !DOTTED_QUAD.matcher(uri.getHost()).matches()) {
            // 2130706433, 0x7f.1 or 0177.0.0.1 mean 127.0.0.1 to some clients and other things to others
            throw new UnsafeUrlException("URL host must be a name or an IPv4 address written a.b.c.d in decimal");
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        return new FetchTarget(uri, uri.getHost(), port, https);
    }

    /** The IP literal of the host without its brackets, or null when the host is a name. */
    String literal() {
        if (host.startsWith("[")) {
            return host.substring(1, host.length() - 1);
        }
        return DOTTED_QUAD.matcher(host).matches() ? host : null;
    }

    /** WHATWG URL rule: a host whose last label is a number is an IPv4 address, however it is written. */
    private static boolean isNumericHost(String host) {
        if (host.startsWith("[")) {
            return false;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return NUMERIC_LABEL.matcher(name.substring(name.lastIndexOf('.') + 1)).matches();
    }
}

package dev.videojobs.core.url;

/**
 * A URL that must not be fetched: wrong scheme, credentials in it, or a host that is (or resolves to) an internal
 * address. The message is safe to show to the client that supplied the URL (prefix it with the field name); it never
 * contains the resolved addresses. Deliberately not an {@link java.io.IOException}, so that no retry path treats it as
 * a transient I/O failure.
 */
public final class UnsafeUrlException extends Exception {

    public UnsafeUrlException(String reason) {
        super(reason);
    }
}

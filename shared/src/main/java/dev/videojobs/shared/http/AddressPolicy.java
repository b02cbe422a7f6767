package dev.videojobs.shared.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a host may be reached with a user-supplied URL. Every address the host resolves to must be public:
 * one internal address among several is enough to refuse, since the connection could land on any of them.
 */
public final class AddressPolicy {

    /** Names of cloud metadata services, refused before any lookup (they resolve to link-local addresses anyway). */
    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    /** Name resolution, replaceable in tests to play a DNS server that changes its answer. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowLoopback;
    private final Resolver resolver;

    /** @param allowLoopback lets 127.0.0.0/8 and ::1 through: the local stack serves its simulator and S3 there. */
    public AddressPolicy(boolean allowLoopback) {
        this(allowLoopback, InetAddress::getAllByName);
    }

    AddressPolicy(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /**
     * Resolves {@code host} and returns its addresses when all of them are allowed.
     *
     * @throws UnsafeUrlException when the host is a metadata name or any address is internal
     * @throws UnknownHostException when the host does not resolve
     */
    public List<InetAddress> resolve(String host) throws UnsafeUrlException, UnknownHostException {
        if (host == null || host.isBlank()) {
            throw new UnsafeUrlException("URL has no host"); // the JDK resolves an empty name to loopback
        }
        if (METADATA_HOSTS.contains(canonicalName(host))) {
            throw new UnsafeUrlException("host is a cloud metadata service");
        }
        List<InetAddress> addresses = List.of(resolver.resolve(host));
        for (InetAddress address : addresses) {
            check(address);
        }
        return addresses;
    }

    /** Refuses an address that is not allowed. */
    public void check(InetAddress address) throws UnsafeUrlException {
        AddressKind kind = AddressKind.of(address);
        if (kind == AddressKind.PUBLIC || (kind == AddressKind.LOOPBACK && allowLoopback)) {
            return;
        }
        throw new UnsafeUrlException("host resolves to " + kind.description());
    }

    private static String canonicalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}

package dev.videojobs.core.url;

import dev.videojobs.core.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a user-supplied URL may be reached: the one check behind every image fetch, every webhook delivery
 * and the validation of both at submit. Every address the host resolves to must be public: one internal address among
 * several is enough to refuse, since the connection could land on any of them.
 */
public final class AddressPolicy {

    /** Environment: {@code true} lets loopback URLs through (the local stack reaches its simulator there). */
    public static final String ALLOW_LOOPBACK_URLS = "ALLOW_LOOPBACK_URLS";
    /** Environment: comma-separated loopback ports refused even when loopback is allowed (the local emulators). */
    public static final String DENIED_LOOPBACK_PORTS = "DENIED_LOOPBACK_PORTS";

    /** Names of cloud metadata services, refused before any lookup (they resolve to link-local addresses anyway). */
    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    /** Name resolution, replaceable so that tests play a DNS server (there is no network in tests). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowLoopback;
    private final Set<Integer> deniedLoopbackPorts;
    private final Resolver resolver;

    /** @param allowLoopback lets 127.0.0.0/8 and ::1 through: the local stack serves its simulator there. */
    public AddressPolicy(boolean allowLoopback) {
        this(allowLoopback, Set.of(), InetAddress::getAllByName);
    }

    /** @param deniedLoopbackPorts loopback ports refused even when loopback is allowed */
    public AddressPolicy(boolean allowLoopback, Set<Integer> deniedLoopbackPorts, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.deniedLoopbackPorts = Set.copyOf(deniedLoopbackPorts);
        this.resolver = resolver;
    }

    /** The policy a function's environment asks for ({@value #ALLOW_LOOPBACK_URLS}, {@value #DENIED_LOOPBACK_PORTS}). */
    public static AddressPolicy from(Config config) {
        return new AddressPolicy(config.getBoolean(ALLOW_LOOPBACK_URLS), config.getIntSet(DENIED_LOOPBACK_PORTS),
                InetAddress::getAllByName);
    }

    /**
     * Checks a URL as a client gave it, before it is accepted: syntax, then the addresses its host resolves to now. A
     * host that does not resolve is refused too: a fetch of it, or a webhook to it, could never succeed.
     */
    public FetchTarget check(String url) throws UnsafeUrlException {
        FetchTarget target = FetchTarget.parse(url);
        try {
            resolve(target);
        } catch (UnknownHostException e) {
            throw new UnsafeUrlException("host does not resolve");
        }
        return target;
    }

    /**
     * Resolves the target's host and returns its addresses when all of them are allowed. IP literals are never looked
     * up.
     *
     * @throws UnsafeUrlException when the host is a metadata name or any address is refused
     * @throws UnknownHostException when the host does not resolve
     */
    public List<InetAddress> resolve(FetchTarget target) throws UnsafeUrlException, UnknownHostException {
        String literal = target.literal();
        if (literal == null && METADATA_HOSTS.contains(canonicalName(target.host()))) {
            throw new UnsafeUrlException("host is a cloud metadata service");
        }
        List<InetAddress> addresses = literal != null ? List.of(literal(literal)) : List.of(resolver.resolve(target.host()));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(target.host());
        }
        for (InetAddress address : addresses) {
            check(address, target.port());
        }
        return addresses;
    }

    private void check(InetAddress address, int port) throws UnsafeUrlException {
        AddressKind kind = AddressKind.of(address);
        if (kind == AddressKind.LOOPBACK && allowLoopback && deniedLoopbackPorts.contains(port)) {
            throw new UnsafeUrlException("port " + port + " on the loopback address is one of this stack's own services");
        }
        if (kind == AddressKind.PUBLIC || (kind == AddressKind.LOOPBACK && allowLoopback)) {
            return;
        }
        throw new UnsafeUrlException("host resolves to " + kind.description());
    }

    private static InetAddress literal(String literal) throws UnsafeUrlException {
        try {
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new UnsafeUrlException("URL host is not a valid IP address");
        }
    }

    private static String canonicalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}

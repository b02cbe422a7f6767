package dev.videojobs.core.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The URL check shared by image fetches, webhook deliveries and submit validation, over generated addresses, host
 * spellings and hostile strings. No test here touches DNS or the network: names go to a resolver the test plays.
 */
class AddressPolicyPropertyTest {

    /** A resolver that must not be asked: IP literals and refused spellings never reach DNS. */
    private static final AddressPolicy.Resolver NO_LOOKUP = host -> {
        throw new AssertionError("looked up " + host);
    };
    private static final AddressPolicy STRICT = new AddressPolicy(false, Set.of(), NO_LOOKUP);

    @Property(tries = 2000)
    void shouldAcceptAnIpv4Literal_onlyWhenItIsPublic(@ForAll("ipv4") byte[] address, @ForAll @IntRange(min = 1, max = 65535) int port)
            throws Exception {
        // Arrange
        InetAddress ip = InetAddress.getByAddress(address);
        String url = "http://" + ip.getHostAddress() + ":" + port + "/hook?x=1";

        // Act
        Throwable refused = catchThrowable(() -> STRICT.check(url));

        // Assert
        if (AddressKind.of(ip) == AddressKind.PUBLIC) {
            assertThat(refused).isNull();
        } else {
            assertThat(refused).isInstanceOf(UnsafeUrlException.class).hasMessageStartingWith("host resolves to");
        }
    }

    @Property(tries = 2000)
    void shouldRefuseEveryIpv6FormOfAnInternalIpv4_whenEmbedded(@ForAll("internalIpv4") byte[] v4, @ForAll("embedding") String form)
            throws Exception {
        // Arrange: ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d, 2002:abcd:... (6to4)
        String hex = String.format("%02x%02x:%02x%02x", v4[0], v4[1], v4[2], v4[3]);
        String literal = switch (form) {
            case "mapped" -> "::ffff:" + hex;
            case "compatible" -> "::" + hex;
            case "nat64" -> "64:ff9b::" + hex;
            default -> "2002:" + hex + "::1";
        };

        // Act + Assert
        assertThatThrownBy(() -> STRICT.check("https://[" + literal + "]/"))
                .isInstanceOf(UnsafeUrlException.class).hasMessageStartingWith("host resolves to");
    }

    @Property(tries = 2000)
    void shouldRefuseAnIpv4Literal_whenItIsWrittenInAnyFormButDottedDecimal(@ForAll("ipv4") byte[] address, @ForAll("notation") String notation) {
        // Arrange: 2130706433, 0x7f.0x0.0x0.0x1, 0177.0.0.01, 127.1, 127.0.0.1. mean 127.0.0.1 to some URL parsers
        long value = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(address).getInt());
        int a = address[0] & 0xff;
        String host = switch (notation) {
            case "decimal" -> Long.toString(value);
            case "hex" -> "0x" + Long.toHexString(value);
            case "hex-dotted" -> "0x" + Integer.toHexString(a) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
            case "octal-dotted" -> "0" + Integer.toOctalString(a) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
            case "short" -> a + "." + (value & 0xffffff);
            default -> a + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff) + ".";
        };

        // Act + Assert: refused as a spelling, whatever the address, before any lookup
        assertThatThrownBy(() -> STRICT.check("http://" + host + "/"))
                .isInstanceOf(UnsafeUrlException.class);
    }

    @Property(tries = 1000)
    void shouldAcceptAName_onlyWhenEveryAddressItResolvesToIsPublic(@ForAll("addresses") List<InetAddress> answer) {
        // Arrange: one internal address among public ones is enough to refuse (the connection could land on it)
        AddressPolicy policy = new AddressPolicy(false, Set.of(), host -> answer.toArray(InetAddress[]::new));
        boolean allPublic = answer.stream().allMatch(address -> AddressKind.of(address) == AddressKind.PUBLIC);

        // Act
        Throwable refused = catchThrowable(() -> policy.check("https://client.example/hooks/1"));

        // Assert
        if (allPublic) {
            assertThat(refused).isNull();
        } else {
            assertThat(refused).isInstanceOf(UnsafeUrlException.class).hasMessageStartingWith("host resolves to");
        }
    }

    @Property(tries = 200)
    void shouldRefuse_whenTheNameDoesNotResolve(@ForAll("names") String name) {
        // Arrange
        AddressPolicy policy = new AddressPolicy(false, Set.of(), host -> {
            throw new UnknownHostException(host);
        });

        // Act + Assert
        assertThatThrownBy(() -> policy.check("https://" + name + "/hook"))
                .isInstanceOf(UnsafeUrlException.class).hasMessage("host does not resolve");
    }

    @Property(tries = 2000)
    void shouldRefuseALoopbackPort_exactlyWhenItIsDenied(@ForAll("loopback") String host, @ForAll @IntRange(min = 1, max = 65535) int port,
            @ForAll @Size(max = 5) Set<@IntRange(min = 1, max = 65535) Integer> denied) {
        // Arrange: the local stack allows loopback but not its emulators' ports
        AddressPolicy policy = new AddressPolicy(true, denied, host2 -> new InetAddress[] {InetAddress.getLoopbackAddress()});

        // Act
        Throwable refused = catchThrowable(() -> policy.check("http://" + host + ":" + port + "/x"));

        // Assert
        if (denied.contains(port)) {
            assertThat(refused).isInstanceOf(UnsafeUrlException.class).hasMessageContaining("port " + port);
        } else {
            assertThat(refused).isNull();
        }
    }

    @Property(tries = 3000)
    void shouldOnlyEverRefuseWithAReason_whenTheUrlIsArbitraryText(@ForAll("urlish") String url) {
        // Arrange: a resolver that answers a public address for any name, so refusals come from the URL itself
        AddressPolicy policy = new AddressPolicy(false, Set.of(), host -> new InetAddress[] {InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14})});

        // Act
        Throwable thrown = catchThrowable(() -> policy.check(url));

        // Assert: accepted, or refused with a client-facing reason; never another exception
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(UnsafeUrlException.class);
            assertThat(thrown.getMessage()).isNotBlank().doesNotContain("java.", "Exception");
        } else {
            java.net.URI parsed = java.net.URI.create(url);
            assertThat(parsed.getScheme()).isIn("http", "https", "HTTPS");
            assertThat(parsed.getRawUserInfo()).isNull();
            assertThat(url).doesNotContainPattern("\\s");
        }
    }

    @Provide
    Arbitrary<byte[]> ipv4() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofSize(4);
        return Arbitraries.oneOf(any, internalIpv4());
    }

    @Provide
    Arbitrary<byte[]> internalIpv4() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        return Combinators.combine(Arbitraries.of(new int[] {127, 0}, new int[] {10, 0}, new int[] {172, 16}, new int[] {172, 31},
                new int[] {192, 168}, new int[] {169, 254}, new int[] {100, 64}, new int[] {100, 100}, new int[] {0, 0},
                new int[] {224, 0}, new int[] {255, 255}), octet, octet)
                .as((prefix, c, d) -> new byte[] {(byte) prefix[0], (byte) prefix[1], c.byteValue(), d.byteValue()});
    }

    @Provide
    Arbitrary<String> embedding() {
        return Arbitraries.of("mapped", "compatible", "nat64", "6to4");
    }

    @Provide
    Arbitrary<String> notation() {
        return Arbitraries.of("decimal", "hex", "hex-dotted", "octal-dotted", "short", "trailing-dot");
    }

    @Provide
    Arbitrary<List<InetAddress>> addresses() {
        Arbitrary<InetAddress> v4 = ipv4().map(AddressPolicyPropertyTest::address);
        Arbitrary<InetAddress> v6 = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(16),
                        Arbitraries.of("fd00:ec2::254", "fe80::1", "::1", "2001:db8::1", "2606:4700::1111").map(AddressPolicyPropertyTest::parse))
                .map(AddressPolicyPropertyTest::address);
        return Arbitraries.oneOf(v4, v6).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).list().ofMinSize(1).ofMaxSize(3)
                .map(labels -> String.join(".", labels) + ".example");
    }

    @Provide
    Arbitrary<String> loopback() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 255).map(n -> "127.0." + n + ".1"),
                Arbitraries.of("localhost", "[::1]", "[::ffff:127.0.0.1]", "127.255.255.254"));
    }

    /** URL-shaped text with hostile pieces: spaces, credentials, odd schemes, escapes, ports, brackets, unicode. */
    @Provide
    Arbitrary<String> urlish() {
        Arbitrary<String> scheme = Arbitraries.of("http://", "https://", "HTTPS://", "ftp://", "file://", "http:", "https:///", "", "javascript:");
        Arbitrary<String> auth = Arbitraries.of("", "user@", "user:pw@", "@", ":@");
        Arbitrary<String> host = Arbitraries.of("client.example", "a b", "exa_mple.com", "bücher.de", "[::1", "[fd00:ec2::254]",
                "169.254.169.254", "0x7f.1", "2130706433", "-a.com", "a..b", "", "metadata.google.internal", "%31%32%37.0.0.1",
                "client.example:99999", "client.example:0", "client.example:", "10.0.0.1", "[::]", "1.1.1.1");
        Arbitrary<String> rest = Arbitraries.strings().withChars("/?#%:@ \\aZ09[]<>\"'\n\t.").ofMaxLength(12);
        return Combinators.combine(scheme, auth, host, rest).as((s, a, h, r) -> s + a + h + r);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] parse(String literal) {
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address instanceof Inet4Address || address instanceof Inet6Address ? address.getAddress() : null;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package dev.videojobs.core.url;

import java.net.InetAddress;

/**
 * What an IP address points at, as far as server-side request forgery is concerned. Pure classification of the
 * address bytes: no lookups. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are
 * classified by the embedded address, so {@code ::ffff:169.254.169.254} is link-local like the address it carries.
 */
public enum AddressKind {
    PUBLIC("a public address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private address"),
    LINK_LOCAL("a link-local address"),
    UNSPECIFIED("an unspecified address"),
    MULTICAST("a multicast address"),
    SHARED("a shared (carrier-grade NAT) address"),
    RESERVED("a reserved address");

    private final String description;

    AddressKind(String description) {
        this.description = description;
    }

    /** For messages: "a private address". */
    public String description() {
        return description;
    }

    public static AddressKind of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? ofIpv4(bytes) : ofIpv6(bytes);
    }

    private static AddressKind ofIpv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return UNSPECIFIED; // 0.0.0.0/8 "this network": 0.0.0.0 reaches the local host on Linux
        }
        if (first == 127) {
            return LOOPBACK;
        }
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)) {
            return PRIVATE;
        }
        if (first == 169 && second == 254) {
            return LINK_LOCAL; // includes the instance metadata service 169.254.169.254
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return SHARED; // 100.64.0.0/10; Alibaba's metadata service lives at 100.100.100.200
        }
        if (first >= 224 && first <= 239) {
            return MULTICAST;
        }
        if (first >= 240 // 240/4 and the broadcast address
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24: Oracle's metadata 192.0.0.192
                || (first == 198 && (second & 0xfe) == 18)) { // 198.18.0.0/15, benchmarking
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressKind ofIpv6(byte[] b) {
        if (allZero(b, 0, 15) && (b[15] == 0 || b[15] == 1)) {
            return b[15] == 0 ? UNSPECIFIED : LOOPBACK; // :: and ::1
        }
        if (allZero(b, 0, 12)) {
            return ofIpv4(slice(b, 12)); // ::a.b.c.d, the deprecated IPv4-compatible form
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ofIpv4(slice(b, 12)); // ::ffff:a.b.c.d (the JDK usually hands these over as IPv4 already)
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local NAT64 use.
            return b[4] == 0 && b[5] == 1 ? PRIVATE : ofIpv4(slice(b, 12));
        }
        if (first == 0x20 && second == 0x02) {
            return ofIpv4(slice(b, 2)); // 6to4 2002:a.b.c.d::/48
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
            return ofIpv4(invert(slice(b, 12))); // Teredo 2001::/32 carries the client's IPv4 inverted
        }
        if ((first & 0xfe) == 0xfc) {
            return PRIVATE; // fc00::/7 unique local, including AWS's IPv6 metadata fd00:ec2::254
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL; // fe80::/10
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return PRIVATE; // fec0::/10, the deprecated site-local range
        }
        if (first == 0xff) {
            return MULTICAST;
        }
        return PUBLIC;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] bytes, int from) {
        return new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]};
    }

    private static byte[] invert(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        return bytes;
    }
}

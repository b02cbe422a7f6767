package dev.videojobs.core.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressKindTest {

    @ParameterizedTest
    @CsvSource({
        "8.8.8.8, PUBLIC",
        "1.1.1.1, PUBLIC",
        "172.32.0.1, PUBLIC",
        "100.128.0.1, PUBLIC",
        "2606:4700:4700::1111, PUBLIC",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "::, UNSPECIFIED",
        "127.0.0.1, LOOPBACK",
        "127.255.0.9, LOOPBACK",
        "::1, LOOPBACK",
        "10.0.0.1, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "192.168.0.1, PRIVATE",
        "fc00::1, PRIVATE",
        "fd00:ec2::254, PRIVATE",
        "fec0::1, PRIVATE",
        "169.254.169.254, LINK_LOCAL",
        "169.254.170.2, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "100.64.0.1, SHARED",
        "100.100.100.200, SHARED",
        "224.0.0.1, MULTICAST",
        "ff02::1, MULTICAST",
        "255.255.255.255, RESERVED",
        "240.0.0.1, RESERVED",
        "192.0.0.192, RESERVED",
        "198.18.0.1, RESERVED",
        "::ffff:169.254.169.254, LINK_LOCAL",
        "::ffff:8.8.8.8, PUBLIC",
        "::10.0.0.1, PRIVATE",
        "64:ff9b::a9fe:a9fe, LINK_LOCAL",
        "64:ff9b:1::1, PRIVATE",
        "2002:7f00:1::, LOOPBACK",
        "2002:0808:0808::, PUBLIC",
        "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
    })
    void shouldClassifyAddress_whenGivenItsLiteral(String literal, AddressKind expected) throws Exception {
        // Arrange
        InetAddress address = InetAddress.getByName(literal); // literals never trigger a lookup

        // Act
        AddressKind kind = AddressKind.of(address);

        // Assert
        assertThat(kind).isEqualTo(expected);
    }

    @Test
    void shouldAllowLoopbackOnly_whenPolicyAllowsLoopback() throws Exception {
        // Arrange
        AddressPolicy policy = new AddressPolicy(true);

        // Act + Assert
        assertThat(policy.resolve(FetchTarget.parse("http://127.0.0.1/"))).extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.1");
        assertThatThrownBy(() -> policy.resolve(FetchTarget.parse("http://10.0.0.1/")))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host resolves to a private address");
        assertThatThrownBy(() -> policy.resolve(FetchTarget.parse("http://0.0.0.0/")))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("host resolves to an unspecified address");
    }

    @Test
    void shouldRefuseEmptyHost_whenChecking() {
        assertThatThrownBy(() -> new AddressPolicy(true).check("http:///x"))
                .isInstanceOf(UnsafeUrlException.class)
                .hasMessage("URL has no valid host");
    }
}

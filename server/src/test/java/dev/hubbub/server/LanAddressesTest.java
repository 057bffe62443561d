package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class LanAddressesTest {

    private static String shortForm(String address) throws Exception {
        return LanAddresses.shortIpv6(InetAddress.getByName(address).getAddress());
    }

    @Test
    void ipv6AddressesAreWrittenInTheirShortForm() throws Exception {
        assertThat(shortForm("fd00:0:0:0:0:0:0:2")).isEqualTo("fd00::2");
        assertThat(shortForm("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(shortForm("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(shortForm("::1")).isEqualTo("::1");
        assertThat(shortForm("fe80::")).isEqualTo("fe80::");
    }

    @Test
    void noListedAddressIsLoopbackOrLinkLocal() {
        assertThat(LanAddresses.list()).noneMatch(a -> a.isLoopbackAddress() || a.isLinkLocalAddress());
    }
}

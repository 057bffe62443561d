package dev.hubbub.server.lan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.LanAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.junit.jupiter.api.Test;

/** A room announced over mDNS on this machine's LAN address is found by a separate mDNS browser. */
class AnnouncerTest {

    @Test
    void anAnnouncedRoomCanBeResolvedWithItsPortAndTxtRecords() throws Exception {
        InetAddress lan = LanAddresses.list().stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElseThrow(() -> new AssertionError("this test needs an IPv4 LAN address with multicast"));
        try (Announcer announcer = Announcer.on(List.of(lan), "Test Room 42", 18042, false, "test")) {
            announcer.started().get(20, TimeUnit.SECONDS);
            try (JmDNS browser = JmDNS.create(lan, "test-browser")) {
                ServiceInfo found = null;
                // The service's address and its TXT record may be resolved separately: ask until both are in.
                for (int i = 0; i < 10 && (found == null || found.getPropertyString("path") == null); i++) {
                    found = browser.getServiceInfo(Announcer.SERVICE_TYPE, "Test Room 42", 2_000);
                }
                assertThat(found).as("resolved over mDNS").isNotNull();
                assertThat(found.getPort()).isEqualTo(18042);
                assertThat(found.getPropertyString("path")).isEqualTo("/");
                assertThat(found.getPropertyString("tls")).isEqualTo("0");
            }
        }
    }
}

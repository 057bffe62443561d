package dev.hubbub.desktop.lan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.LanAddresses;
import dev.hubbub.server.lan.Announcer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rooms announced over mDNS on this machine's LAN address appear, and disappear when they stop. */
public class DiscoveryTest {

    public static InetAddress lanAddress() {
        return LanAddresses.list().stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElseThrow(() -> new AssertionError("this test needs an IPv4 LAN address with multicast"));
    }

    @Test
    void aRoomAppearsWhenAnnouncedAndDisappearsWhenItStops() throws Exception {
        InetAddress lan = lanAddress();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Discovery discovery = Discovery.on(List.of(lan), new Discovery.Listener() {
            @Override
            public void found(Discovery.Room room) {
                seen.add("found " + room.name() + " " + room.url());
            }

            @Override
            public void lost(String key) {
                seen.add("lost " + key);
            }

            @Override
            public void unavailable(String why) {
                seen.add("unavailable " + why);
            }
        })) {
            Announcer announcer = Announcer.on(List.of(lan), "Discovery Test Room", 18043, false, "test");
            announcer.started().get(20, TimeUnit.SECONDS);
            String found;
            do {
                found = seen.poll(20, TimeUnit.SECONDS);
            } while (found != null && !found.startsWith("found Discovery Test Room"));
            assertThat(found).isEqualTo("found Discovery Test Room http://" + lan.getHostAddress() + ":18043/");

            announcer.close();
            String lost;
            do {
                lost = seen.poll(20, TimeUnit.SECONDS);
            } while (lost != null && !lost.startsWith("lost"));
            assertThat(lost).isEqualTo("lost Discovery Test Room");
        }
    }

    @Test
    void withNoAddressToSearchFromItSaysDiscoveryIsUnavailable() throws Exception {
        BlockingQueue<String> why = new LinkedBlockingQueue<>();
        try (Discovery discovery = Discovery.on(List.of(), new Discovery.Listener() {
            @Override
            public void found(Discovery.Room room) {
            }

            @Override
            public void lost(String key) {
            }

            @Override
            public void unavailable(String reason) {
                why.add(reason);
            }
        })) {
            assertThat(why.poll(10, TimeUnit.SECONDS)).isEqualTo("this computer has no network address to search from");
        }
    }

    @Test
    void aRoomsUrlIsBuiltFromItsRecordSoAPathCannotChangeTheHost() throws Exception {
        java.net.InetAddress room = java.net.InetAddress.getByName("192.168.1.20");
        assertThat(Discovery.urlOf(false, room, 8080, "/")).isEqualTo("http://192.168.1.20:8080/");
        assertThat(Discovery.urlOf(true, room, 8443, null)).isEqualTo("https://192.168.1.20:8443/");
        assertThat(Discovery.urlOf(false, room, 8080, "@evil.example/")).startsWith("http://192.168.1.20:8080/");
        assertThat(Discovery.urlOf(false, room, 8080, "//evil.example/x")).startsWith("http://192.168.1.20:8080/");
        assertThat(okhttp3.HttpUrl.get(Discovery.urlOf(false, room, 8080, "/a b?c#d")).host())
                .isEqualTo("192.168.1.20");
        assertThat(Discovery.urlOf(false, room, 0, "/")).isNull();
        assertThat(Discovery.urlOf(false, room, 70000, "/")).isNull();
    }
}

package dev.hubbub.desktop.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void whatPeopleTypeBecomesARoomAddress() {
        assertThat(ServerAddress.parse("192.168.1.20").toString()).isEqualTo("http://192.168.1.20:8080/");
        assertThat(ServerAddress.parse(" chat-box:9000 ").toString()).isEqualTo("http://chat-box:9000/");
        assertThat(ServerAddress.parse("https://chat.example").toString()).isEqualTo("https://chat.example/");
        assertThat(ServerAddress.parse("http://h:81/rooms/a?x=1").toString()).isEqualTo("http://h:81/rooms/a/");
        assertThat(ServerAddress.parse("[fd00::2]:8081").hostAndPort()).isEqualTo("[fd00::2]:8081");
        assertThat(ServerAddress.parse("192.168.1.20").chat().toString()).isEqualTo("http://192.168.1.20:8080/chat");
    }

    @Test
    void nonsenseGetsASentence() {
        assertThatThrownBy(() -> ServerAddress.parse("  ")).hasMessageStartingWith("Type the address");
        assertThatThrownBy(() -> ServerAddress.parse("ftp://x")).hasMessageContaining("is not an http://");
        assertThatThrownBy(() -> ServerAddress.parse("http://")).hasMessageContaining("is not a server address");
        assertThatThrownBy(() -> ServerAddress.parse("bad host name")).hasMessageContaining("is not a server address");
    }
}

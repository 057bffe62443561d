package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding and cross-site use, against a real server over raw sockets (so the {@code Host} and {@code Origin}
 * headers are exactly what an attacker's page would make a browser send).
 */
class HostAndOriginTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String exchange(String request) throws Exception {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send(request);
            return client.readUntil("\r\n\r\n", WAIT);
        }
    }

    private String get(String path, String host, String... headers) throws Exception {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers)
                + "Connection: close\r\n\r\n");
    }

    private String post(String host, String... headers) throws Exception {
        String body = "Eve: rebound";
        return exchange("POST /chat HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers)
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body);
    }

    @Test
    void aNameRepointedAtTheServerIsRefusedOnEveryPath() throws Exception {
        server = RunningServer.start(dataDir);
        String evil = "evil.example:" + server.port();
        String origin = "Origin: http://" + evil + "\r\n";
        for (String path : List.of("/", "/app.js", "/chat", "/chat?view=json&name=CEO", "/chat/history", "/status")) {
            assertThat(get(path, evil, origin)).as(path).startsWith("HTTP/1.1 421 ");
        }
        String refused = post(evil, origin);
        assertThat(refused).startsWith("HTTP/1.1 421 ");
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: " + evil + "\r\nConnection: close\r\n\r\n");
            assertThat(client.readUntil("--allow-host", WAIT)).contains("does not answer to the name 'evil.example'");
        }
        assertThat(server.server().hub().online()).isEmpty();
        assertThat(server.server().hub().page("general", null, null, 10).join().messages())
                .isEmpty();
    }

    @Test
    void theServersOwnNamesAndAddedHostsAreAnswered() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(l -> l
                .allowedHosts(List.of("chat.example.org")))));
        for (String host : List.of("127.0.0.1", "localhost", "LOCALHOST.", "[::1]", "chat.example.org")) {
            assertThat(get("/", host + ":" + server.port())).as(host).startsWith("HTTP/1.1 200 ");
        }
        assertThat(post("chat.example.org:" + server.port(), "Origin: http://chat.example.org:" + server.port()
                + "\r\n")).startsWith("HTTP/1.1 201 ");
    }

    @Test
    void anotherSitesPageCannotOpenAStreamNorMakeSomeoneOnline() throws Exception {
        server = RunningServer.start(dataDir);
        String host = "127.0.0.1:" + server.port();
        assertThat(get("/chat?view=json&name=CEO", host, "Origin: http://evil.example\r\n"))
                .startsWith("HTTP/1.1 403 ");
        // An <img src> or <script src> from another site sends no Origin, but its fetch metadata gives it away.
        assertThat(get("/chat?view=json&name=CEO", host, "Sec-Fetch-Site: cross-site\r\n"))
                .startsWith("HTTP/1.1 403 ");
        assertThat(get("/chat?view=json&name=CEO", host, "Sec-Fetch-Site: same-site\r\n"))
                .startsWith("HTTP/1.1 403 ");
        assertThat(get("/chat?view=json&name=CEO", host, "Origin: null\r\n")).startsWith("HTTP/1.1 403 ");
        assertThat(get("/chat/history", host, "Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403 ");
        assertThat(server.server().hub().online()).isEmpty();
        // Following a link to the room from another site is a navigation: the page itself opens.
        assertThat(get("/", host, "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    @Test
    void anotherSitesPageCannotClaimANameCreateARoomOrAskForALinkCode() throws Exception {
        server = RunningServer.start(dataDir);
        String host = "127.0.0.1:" + server.port();
        Http.Reply claimed = new Http().post(server.uri("/session"), Http.JSON, "{\"name\":\"Ann\"}");
        String token = claimed.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        for (String[] request : new String[][] {
                {"POST", "/session", "{\"name\":\"Eve\"}"},
                {"POST", "/session/link", ""},
                {"POST", "/rooms", "{\"name\":\"Phishing\"}"},
                {"GET", "/rooms", ""},
                {"GET", "/rooms/general/chat", ""},
                {"GET", "/chat/history?with=Ann", ""}}) {
            for (String fromElsewhere : List.of("Origin: http://evil.example\r\n", "Sec-Fetch-Site: cross-site\r\n")) {
                String reply = exchange(request[0] + " " + request[1] + " HTTP/1.1\r\nHost: " + host + "\r\n"
                        + fromElsewhere + "Authorization: Bearer " + token + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + request[2].length()
                        + "\r\nConnection: close\r\n\r\n" + request[2]);
                assertThat(reply).as(request[0] + " " + request[1] + " with " + fromElsewhere.strip())
                        .startsWith("HTTP/1.1 403 ");
            }
        }
        assertThat(server.server().hub().rooms()).extracting(r -> r.id()).containsExactly("general");
        assertThat(new Http().post(server.uri("/session"), Http.JSON, "{\"name\":\"Eve\"}").status())
                .as("Eve is still free").isEqualTo(201);
    }

    @Test
    void nullIsNeverAnAllowedOriginNorSuggestedAsOne() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OriginPolicy(List.of("null")))
                .hasMessageContaining("'null' cannot be an allowed origin");
        server = RunningServer.start(dataDir);
        try (RawClient client = RawClient.connect(server.port())) {
            String body = "Eve: x";
            client.send("POST /chat HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nOrigin: null\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                    + body);
            String reply = client.readUntil("refused", WAIT);
            assertThat(reply).startsWith("HTTP/1.1 403 ").doesNotContain("--allow-origin null");
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        server = RunningServer.start(dataDir);
        Http http = new Http();
        for (String path : List.of("/", "/app.js", "/style.css", "/chat/history", "/status", "/missing")) {
            okhttp3.Request request = new okhttp3.Request.Builder().url(server.uri(path).toString()).build();
            try (okhttp3.Response response = http.client.newCall(request).execute()) {
                assertThat(response.header("Content-Security-Policy")).as(path)
                        .contains("script-src 'self'").contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline");
                assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
                assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
                assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            }
        }
        // Jetty's own answers, before any handler: a request it cannot parse, headers too large, a bad URI.
        for (String request : List.of("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "x".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\nConnection: close\r\n\r\n")) {
            String reply = exchange(request);
            assertThat(reply).as(request.substring(0, 20)).matches("(?s)HTTP/1.1 4\\d\\d .*")
                    .contains("Content-Security-Policy: default-src 'none'").contains("X-Content-Type-Options: nosniff")
                    .contains("X-Frame-Options: DENY");
        }
    }

    @Test
    void fromATrustedProxyOnlyTheClientsAddressAndSchemeAreBelieved() throws Exception {
        // This test's own connections come from 127.0.0.1, so they stand for the proxy's.
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(l -> l.trustedProxies(List.of("127.0.0.1"))
                .maxStreamsPerAddress(1))));
        String host = "127.0.0.1:" + server.port();
        try (RawClient first = RawClient.connect(server.port())) {
            first.send("GET /chat HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n");
            assertThat(first.readUntil("\r\n\r\n", WAIT)).startsWith("HTTP/1.1 200 ");
            // The same client (the proxy says so in X-Forwarded-For) with an address of its own in headers the
            // proxy passed on: its second stream is still its second.
            for (String madeUp : List.of("Forwarded: for=10.0.0.99\r\n", "Forwarded: for=\"[2001:db8::9]\"\r\n",
                    "X-Forwarded-Port: 4444\r\nX-Forwarded-Server: 10.0.0.98\r\n")) {
                String second = get("/chat", host, "X-Forwarded-For: 10.0.0.1\r\n", madeUp);
                assertThat(second).as(madeUp).startsWith("HTTP/1.1 429 ");
            }
            assertThat(get("/chat", host, "X-Forwarded-For: 10.0.0.2\r\n")).as("another client")
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aForwardedHostNeverStandsInForTheNameTheBrowserUsed() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(l -> l.trustedProxies(List.of("127.0.0.1")))));
        String evil = "evil.example:" + server.port();
        String ours = "127.0.0.1:" + server.port();
        for (String header : List.of("X-Forwarded-Host: " + ours, "Forwarded: host=" + ours,
                "X-Forwarded-Server: 127.0.0.1")) {
            for (String path : List.of("/chat", "/chat/history", "/")) {
                assertThat(get(path, evil, header + "\r\nX-Forwarded-For: 10.0.0.1\r\n")).as(header + " " + path)
                        .startsWith("HTTP/1.1 421 ");
            }
        }
        assertThat(get("/", ours, "X-Forwarded-Proto: https\r\nX-Forwarded-For: 10.0.0.1\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    @Test
    void anAllowListedOriginMayUseTheWholeApiWithItsCredentialsAndNoOtherOriginGetsCorsHeaders() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(HttpLimits.defaults().with(l -> l
                .allowedOrigins(List.of("http://intranet.example:8000", "https://tools.example"))))));
        String host = "127.0.0.1:" + server.port();
        for (String path : List.of("/chat", "/chat/history", "/chat/abc/reactions", "/session", "/session/link",
                "/rooms", "/typing", "/search", "/files", "/host/mute", "/status")) {
            String preflight = exchange("OPTIONS " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nOrigin: http://intranet.example:8000\r\nAccess-Control-Request-Method: POST"
                    + "\r\nAccess-Control-Request-Headers: authorization, content-type\r\nConnection: close\r\n\r\n");
            assertThat(preflight).as(path).startsWith("HTTP/1.1 204 ")
                    .contains("Access-Control-Allow-Origin: http://intranet.example:8000")
                    .contains("Access-Control-Allow-Credentials: true")
                    .containsPattern("Access-Control-Allow-Headers: .*Authorization")
                    .containsPattern("Access-Control-Allow-Methods: .*PATCH");
            String refused = exchange("OPTIONS " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(refused).as(path).startsWith("HTTP/1.1 403 ").doesNotContain("Access-Control-Allow-Origin");
        }
        // A default port may be written or not, in any case.
        assertThat(get("/rooms", host, "Origin: HTTPS://tools.example\r\n")).startsWith("HTTP/1.1 200 ")
                .contains("Access-Control-Allow-Origin: HTTPS://tools.example");
        assertThat(get("/rooms", host, "Origin: https://tools.example:443\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/rooms", host, "Origin: http://intranet.example:8000\r\n")).startsWith("HTTP/1.1 200 ")
                .contains("Access-Control-Allow-Origin: http://intranet.example:8000").contains("Vary: Origin");
        assertThat(get("/rooms", host, "Origin: http://intranet.example:8001\r\n")).startsWith("HTTP/1.1 403 ")
                .doesNotContain("Access-Control-Allow-Origin");
    }
    @Test
    void everyRouteTakesAPreflightForEachOfItsMethodsFromAnAllowedOriginAndNoneFromAnother() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(HttpLimits.defaults().with(l -> l
                .allowedOrigins(List.of("http://intranet.example:8000"))))));
        String host = "127.0.0.1:" + server.port();
        java.util.Map<String, java.util.Set<String>> table = server.server().routes().methods();
        assertThat(table).as("the table, every row naming its methods").containsKeys("/chat", "/profile/status")
                .allSatisfy((path, methods) -> assertThat(methods).as(path).isNotEmpty());
        for (var row : table.entrySet()) {
            // A template's parameters, and a prefix's rest, made concrete: the route is matched, whatever it finds.
            String path = row.getKey().replaceAll("\\{[^}]+}", "x1").replace("/*", "/key");
            for (String method : row.getValue()) {
                String preflight = exchange("OPTIONS " + path + " HTTP/1.1\r\nHost: " + host
                        + "\r\nOrigin: http://intranet.example:8000\r\nAccess-Control-Request-Method: " + method
                        + "\r\nAccess-Control-Request-Headers: authorization, content-type, last-event-id"
                        + "\r\nConnection: close\r\n\r\n");
                String what = method + " " + path;
                assertThat(preflight).as(what).startsWith("HTTP/1.1 204 ")
                        .contains("Access-Control-Allow-Origin: http://intranet.example:8000")
                        .contains("Access-Control-Allow-Credentials: true");
                assertThat(allowedMethods(preflight)).as(what).contains(method);
                String refused = exchange("OPTIONS " + path + " HTTP/1.1\r\nHost: " + host
                        + "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: " + method
                        + "\r\nConnection: close\r\n\r\n");
                assertThat(refused).as(what).startsWith("HTTP/1.1 403 ").doesNotContain("Access-Control-Allow");
            }
        }
    }

    /** The methods a preflight's answer allows. */
    private static List<String> allowedMethods(String answer) {
        return answer.lines().filter(line -> line.regionMatches(true, 0, "Access-Control-Allow-Methods:", 0, 29))
                .flatMap(line -> java.util.Arrays.stream(line.substring(29).split("[ ,]+")))
                .filter(method -> !method.isBlank()).toList();
    }
}

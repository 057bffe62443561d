package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.sse.EventStreamException;
import dev.hubbub.sse.EventStreamParser;
import dev.hubbub.sse.ParserLimits;
import dev.hubbub.sse.ServerSentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubbub decode}: prints each event of a stream as one JSON line, as the event arrives. For people debugging a
 * stream, so it parses exactly as a browser would, and says plainly what was wrong when something was.
 */
@Command(name = "decode", mixinStandardHelpOptions = true)
final class DecodeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL")
    private URI url;

    @Option(names = "--last-event-id", paramLabel = "ID")
    private String lastEventId;

    @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "4194304")
    private int maxLineBytes;

    private record Event(String type, String data, String lastEventId) {
    }

    private record Retry(long retry) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (maxLineBytes < 1) {
            throw new CommandFailure(Sentence.of("cli.failure.maxLineBytesMustBe"));
        }
        PrintWriter out = spec.commandLine().getOut();
        EventStreamParser parser = new EventStreamParser(new EventStreamParser.Handler() {
            @Override
            public void onEvent(ServerSentEvent event) {
                out.println(ChatJson.write(new Event(event.type(), event.data(), event.lastEventId())));
                out.flush();
            }

            @Override
            public void onRetry(long reconnectionTimeMillis) {
                out.println(ChatJson.write(new Retry(reconnectionTimeMillis)));
                out.flush();
            }
        }, new ParserLimits(maxLineBytes, Math.max(maxLineBytes, ParserLimits.DEFAULT.maxEventBytes())), "");
        if (url == null) {
            pump(System.in, parser, "standard input");
        } else {
            try (InputStream body = open(url)) {
                pump(body, parser, url.toString());
            }
        }
        return 0;
    }

    private static void pump(InputStream in, EventStreamParser parser, String source) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                parser.feed(buffer, 0, n);
            }
        } catch (EventStreamException e) {
            throw new CommandFailure(Sentence.of("cli.failure.badEventStreamFrom", "source", source, "message", e.getMessage()));
        }
        parser.finish();
    }

    private InputStream open(URI target) throws IOException, InterruptedException {
        if (target.getScheme() == null || !target.getScheme().matches("https?") || target.getHost() == null) {
            throw new CommandFailure(Sentence.of("cli.failure.urlNeedsAnHttpOr", "target", target));
        }
        // HTTP/1.1: the JDK's client misreads a long answer over h2c now and then (see RoomClient.http).
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(target).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String reason = new String(response.body().readNBytes(500), StandardCharsets.UTF_8)
                    .strip();
            response.body().close();
            throw new CommandFailure(reason.isEmpty()
                    ? Sentence.of("cli.failure.answeredHttp", "target", target, "status", response.statusCode())
                    : Sentence.of("cli.failure.answeredHttpBecause", "target", target, "status", response.statusCode(),
                    "reason", reason));
        }
        String type = response.headers().firstValue("Content-Type").orElse("(none)");
        if (!type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            spec.commandLine().getErr().println("decode: " + Hubbub.words().t("cli.decode.notAStream", "type", type));
        }
        return response.body();
    }
}

package dev.hubbub.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A handler that keeps what the parser dispatched, and helpers to feed a parser in chunks. */
final class Collected implements EventStreamParser.Handler {
    final List<ServerSentEvent> events = new ArrayList<>();
    final List<Long> retries = new ArrayList<>();

    @Override
    public void onEvent(ServerSentEvent event) {
        events.add(event);
    }

    @Override
    public void onRetry(long reconnectionTimeMillis) {
        retries.add(reconnectionTimeMillis);
    }

    static ServerSentEvent event(String type, String data, String lastEventId) {
        return new ServerSentEvent(type, data, lastEventId);
    }

    /** Parses a whole stream given as text chunks, then ends it. */
    static Collected parse(String... chunks) throws EventStreamException {
        Collected collected = new Collected();
        EventStreamParser parser = new EventStreamParser(collected);
        for (String chunk : chunks) {
            parser.feed(chunk.getBytes(StandardCharsets.UTF_8));
        }
        parser.finish();
        return collected;
    }

    /** Parses a whole stream given as bytes, cut at the given offsets (ascending), then ends it. */
    static Collected parseBytes(byte[] stream, int... cuts) throws EventStreamException {
        Collected collected = new Collected();
        EventStreamParser parser = new EventStreamParser(collected);
        int from = 0;
        for (int cut : cuts) {
            parser.feed(stream, from, cut - from);
            from = cut;
        }
        parser.feed(stream, from, stream.length - from);
        parser.finish();
        return collected;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.hubbub.sse;

import java.util.Objects;

/**
 * An incremental parser for {@code text/event-stream}, following the WHATWG HTML algorithm "Interpreting an event
 * stream" step for step.
 *
 * <p>Feed it bytes in chunks of any size, as they arrive; whatever the chunking, it dispatches exactly the same events
 * to its {@link Handler}. It holds at most the current line and the event being built, each within
 * {@link ParserLimits}. Call {@link #finish()} at the end of the stream: per the standard, an event that was not
 * terminated by an empty line is then discarded.
 *
 * <p>Not thread-safe: one thread feeds it, and the handler runs on that thread, inside {@link #feed}.
 */
public final class EventStreamParser {

    /** Receives what the parser dispatches, on the thread that calls {@link #feed}. */
    public interface Handler {
        void onEvent(ServerSentEvent event);

        /** A {@code retry} field made only of ASCII digits: the reconnection time in milliseconds. */
        default void onRetry(long reconnectionTimeMillis) {
        }
    }

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Handler handler;
    private final ParserLimits limits;

    /** The part of the current line that arrived in earlier chunks. */
    private final Bytes pendingLine = new Bytes(128);
    /** The data buffer, kept as UTF-8 bytes: each data line's value followed by LF. Decoded once, at dispatch. */
    private final Bytes data = new Bytes(256);
    private String eventType = "";
    private String lastEventIdBuffer;
    private String lastEventId;

    /** How many bytes of a leading BOM have been seen; -1 once the start of the stream is behind us. */
    private int bomBytesSeen;
    /** The previous chunk ended with CR, so an LF starting this chunk belongs to that line end. */
    private boolean swallowLeadingLf;
    private EventStreamException failure;
    private boolean finished;

    public EventStreamParser(Handler handler) {
        this(handler, ParserLimits.DEFAULT, "");
    }

    /**
     * @param initialLastEventId the last event ID of the event source this stream belongs to, so that a reconnected
     *     stream keeps it until the server sends a new one (as browsers do); {@code ""} for a first connection
     */
    public EventStreamParser(Handler handler, ParserLimits limits, String initialLastEventId) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.lastEventIdBuffer = Objects.requireNonNull(initialLastEventId, "initialLastEventId");
        this.lastEventId = initialLastEventId;
    }

    /**
     * The event source's last event ID: set at each dispatch, even one that dispatches nothing because it had no
     * data. This is what a reconnect sends as {@code Last-Event-ID}.
     */
    public String lastEventId() {
        return lastEventId;
    }

    public void feed(byte[] chunk) throws EventStreamException {
        feed(chunk, 0, chunk.length);
    }

    /** Parses {@code chunk[offset .. offset+length)}, dispatching every event that it completes. */
    public void feed(byte[] chunk, int offset, int length) throws EventStreamException {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            throw new IllegalStateException("the stream has already ended");
        }
        try {
            parse(chunk, offset, offset + length);
        } catch (EventStreamException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * The end of the stream. A line without its line end and an event without its closing empty line are discarded,
     * as the standard says.
     */
    public void finish() {
        finished = true;
        pendingLine.clear();
        data.clear();
        eventType = "";
    }

    private void parse(byte[] chunk, int from, int to) throws EventStreamException {
        int i = from;
        if (bomBytesSeen >= 0) {
            i = skipBom(chunk, i, to);
        }
        if (swallowLeadingLf && i < to) {
            swallowLeadingLf = false;
            if (chunk[i] == LF) {
                i++;
            }
        }
        int lineStart = i;
        int lineEnd;
        while ((lineEnd = LineEnds.indexOf(chunk, lineStart, to)) >= 0) {
            if (pendingLine.size() == 0) {
                checkLineLength(lineEnd - lineStart);
                processLine(chunk, lineStart, lineEnd);
            } else {
                checkLineLength(pendingLine.size() + lineEnd - lineStart);
                pendingLine.append(chunk, lineStart, lineEnd);
                processLine(pendingLine.array(), 0, pendingLine.size());
                pendingLine.clear();
            }
            lineStart = lineEnd + 1;
            if (chunk[lineEnd] == CR) {
                if (lineStart == to) {
                    swallowLeadingLf = true;
                } else if (chunk[lineStart] == LF) {
                    lineStart++;
                }
            }
        }
        if (lineStart < to) {
            checkLineLength(pendingLine.size() + to - lineStart);
            pendingLine.append(chunk, lineStart, to);
        }
    }

    /** Consumes the bytes of a BOM at the very start of the stream; bytes that turn out not to be one become data. */
    private int skipBom(byte[] chunk, int from, int to) {
        int i = from;
        while (i < to && bomBytesSeen >= 0) {
            if (chunk[i] == BOM[bomBytesSeen]) {
                i++;
                bomBytesSeen++;
                if (bomBytesSeen == BOM.length) {
                    bomBytesSeen = -1;
                }
            } else {
                pendingLine.append(BOM, 0, bomBytesSeen);
                bomBytesSeen = -1;
            }
        }
        return i;
    }

    private void checkLineLength(int length) throws EventStreamException {
        if (length > limits.maxLineBytes()) {
            throw new EventStreamException(
                    "event stream line longer than " + limits.maxLineBytes() + " bytes without a line end");
        }
    }

    private void processLine(byte[] line, int from, int to) throws EventStreamException {
        if (from == to) {
            dispatch();
            return;
        }
        if (line[from] == COLON) {
            return;
        }
        int colon = indexOf(line, from, to, COLON);
        int nameEnd = colon < 0 ? to : colon;
        int valueStart = colon < 0 ? to : colon + 1;
        if (valueStart < to && line[valueStart] == SPACE) {
            valueStart++;
        }
        processField(line, from, nameEnd, valueStart, to);
    }

    /**
     * Field names are compared as bytes: they are ASCII, and no byte sequence that is not the name itself decodes to
     * it (an invalid sequence decodes to U+FFFD, never to ASCII).
     */
    private void processField(byte[] line, int nameFrom, int nameTo, int valueFrom, int valueTo)
            throws EventStreamException {
        switch (nameTo - nameFrom) {
            case 2 -> {
                if (line[nameFrom] == 'i' && line[nameFrom + 1] == 'd'
                        && indexOf(line, valueFrom, valueTo, (byte) 0) < 0) {
                    lastEventIdBuffer = Utf8.decode(line, valueFrom, valueTo);
                }
            }
            case 4 -> {
                if (nameEquals(line, nameFrom, "data")) {
                    if (data.size() + (valueTo - valueFrom) + 1 > limits.maxEventBytes()) {
                        throw new EventStreamException(
                                "event stream event with more than " + limits.maxEventBytes() + " bytes of data");
                    }
                    data.append(line, valueFrom, valueTo);
                    data.append(LF);
                }
            }
            case 5 -> {
                if (nameEquals(line, nameFrom, "event")) {
                    eventType = Utf8.decode(line, valueFrom, valueTo);
                } else if (nameEquals(line, nameFrom, "retry")) {
                    processRetry(line, valueFrom, valueTo);
                }
            }
            default -> {
                // Any other field is ignored.
            }
        }
    }

    private void processRetry(byte[] line, int from, int to) {
        if (from == to) {
            return;
        }
        long millis = 0;
        for (int i = from; i < to; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            if (millis > (Long.MAX_VALUE - digit) / 10) {
                return; // Too large for any clock: ignored like any other value that is not a time.
            }
            millis = millis * 10 + digit;
        }
        handler.onRetry(millis);
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (data.size() == 0) {
            eventType = "";
            return;
        }
        String text = Utf8.decode(data.array(), 0, data.size() - 1);
        String type = eventType.isEmpty() ? "message" : eventType;
        data.clear();
        eventType = "";
        handler.onEvent(new ServerSentEvent(type, text, lastEventId));
    }

    private static boolean nameEquals(byte[] line, int from, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (line[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

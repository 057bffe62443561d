package dev.hubbub.server;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many connections and streams this process can hold, from its open-file limit: every TCP connection is a file,
 * and a process out of files cannot even accept a connection to say "full". The connection cap leaves room for the
 * files the server itself opens (database, certificate, logs); the stream cap leaves room below that for the short
 * requests (posts, the page, history) that must keep working when the room is full.
 *
 * @param connections at most this many open TCP connections; Jetty stops accepting at this number
 * @param streams at most this many open event streams; one more is refused with 503
 */
public record Capacity(int connections, int streams) {
    /** Files kept for the server's own use. */
    static final int RESERVED_FILES = 64;
    /** What is assumed where the limit cannot be read. */
    static final int UNKNOWN_LIMIT = 100_000;

    /** From the limit the operating system gives this process, less what it has open already. */
    public static Capacity ofThisProcess(int streamsAsked) {
        try {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof UnixOperatingSystemMXBean unix) {
                return of(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount(), streamsAsked);
            }
        } catch (LinkageError noJdkManagement) {
            // a runtime without the jdk.management module: nothing to read the limit with
        }
        // Windows has no such limit on sockets: a generous fixed cap.
        return of(UNKNOWN_LIMIT, 0, streamsAsked);
    }

    /**
     * @param fileLimit the process's open-file limit
     * @param filesOpen files open now
     * @param streamsAsked the host's {@code --max-streams}, or 0 to take what the limit allows
     */
    static Capacity of(long fileLimit, long filesOpen, int streamsAsked) {
        int connections = (int) Math.max(16, Math.min(Integer.MAX_VALUE, fileLimit - filesOpen - RESERVED_FILES));
        int headroom = Math.max(8, Math.min(1000, connections / 10));
        int streams = Math.max(1, connections - headroom);
        if (streamsAsked > 0) {
            streams = Math.min(streams, streamsAsked);
        }
        return new Capacity(connections, streams);
    }
}

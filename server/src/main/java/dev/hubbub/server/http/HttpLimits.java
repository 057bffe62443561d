package dev.hubbub.server.http;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The limits the HTTP layer enforces; {@code hubbub serve} documents each default ({@link #defaults}). Another set is
 * made with {@link #with}: {@code limits.with(l -> l.maxRooms(50).postRate(10, 20))}.
 *
 * @param allowedOrigins pages from these origins may post and read, besides the room's own page
 * @param allowedHosts names the server answers to besides its own ({@link AllowedHosts})
 * @param postsPerSecond sustained posts per client address
 * @param postBurst posts a client address may send at once
 * @param maxBodyBytes the largest POST body
 * @param maxStreamsPerAddress open event streams per client address
 * @param maxConnectionsPerAddress open TCP connections per client address
 * @param maxStreams open event streams in all; 0 for as many as the open-file limit allows
 * @param streamOpensPerSecond new event streams per client address, sustained
 * @param streamOpenBurst new event streams a client address may open at once
 * @param requestTimeout how long a connection may take to bring a whole request, headers and body
 * @param trustedProxies load balancers (such as nginx) in front of the server: their connections are not limited
 *     per address, and the client address they send ({@code X-Forwarded-For}) is the one per-address limits count
 * @param maxRooms rooms in all, {@code general} included
 * @param exportDeadline how long one export may take in all; a client reading it slower is cut off there, so that it
 *     cannot hold one of the few exports that run at once ({@link ExportHandler})
 */
public record HttpLimits(List<String> allowedOrigins, List<String> allowedHosts, double postsPerSecond,
                         int postBurst, int maxBodyBytes, int maxStreamsPerAddress, int maxConnectionsPerAddress,
                         int maxStreams, double streamOpensPerSecond, int streamOpenBurst, Duration requestTimeout,
                         List<String> trustedProxies, int maxRooms, Duration exportDeadline) {

    /** Rooms in all, by default: every stream's {@code hello} lists them. */
    public static final int DEFAULT_MAX_ROOMS = 1_000;
    /** How long an export may take by default: the whole room in pictures, over a slow Wi-Fi, with time to spare. */
    public static final Duration DEFAULT_EXPORT_DEADLINE = Duration.ofMinutes(10);

    public HttpLimits {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The documented defaults of {@code hubbub serve}. */
    public static HttpLimits defaults() {
        return new HttpLimits(List.of(), List.of(), 5, 20, 64 * 1024, 32, 64, 0, 1, 30, Duration.ofSeconds(20),
                List.of(), DEFAULT_MAX_ROOMS, DEFAULT_EXPORT_DEADLINE);
    }

    /** These limits with what {@code change} sets. */
    public HttpLimits with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** Sets limits one by one; what it is not told stays as it was. */
    public static final class Builder {
        private List<String> allowedOrigins;
        private List<String> allowedHosts;
        private double postsPerSecond;
        private int postBurst;
        private int maxBodyBytes;
        private int maxStreamsPerAddress;
        private int maxConnectionsPerAddress;
        private int maxStreams;
        private double streamOpensPerSecond;
        private int streamOpenBurst;
        private Duration requestTimeout;
        private List<String> trustedProxies;
        private int maxRooms;
        private Duration exportDeadline;

        private Builder(HttpLimits from) {
            allowedOrigins = from.allowedOrigins;
            allowedHosts = from.allowedHosts;
            postsPerSecond = from.postsPerSecond;
            postBurst = from.postBurst;
            maxBodyBytes = from.maxBodyBytes;
            maxStreamsPerAddress = from.maxStreamsPerAddress;
            maxConnectionsPerAddress = from.maxConnectionsPerAddress;
            maxStreams = from.maxStreams;
            streamOpensPerSecond = from.streamOpensPerSecond;
            streamOpenBurst = from.streamOpenBurst;
            requestTimeout = from.requestTimeout;
            trustedProxies = from.trustedProxies;
            maxRooms = from.maxRooms;
            exportDeadline = from.exportDeadline;
        }

        public Builder allowedOrigins(List<String> origins) {
            allowedOrigins = origins;
            return this;
        }

        public Builder allowedHosts(List<String> hosts) {
            allowedHosts = hosts;
            return this;
        }

        public Builder postRate(double perSecond, int burst) {
            postsPerSecond = perSecond;
            postBurst = burst;
            return this;
        }

        public Builder maxBodyBytes(int bytes) {
            maxBodyBytes = bytes;
            return this;
        }

        public Builder maxStreamsPerAddress(int streams) {
            maxStreamsPerAddress = streams;
            return this;
        }

        public Builder maxConnectionsPerAddress(int connections) {
            maxConnectionsPerAddress = connections;
            return this;
        }

        /** @param streams open streams in all; 0 for as many as the open-file limit allows */
        public Builder maxStreams(int streams) {
            maxStreams = streams;
            return this;
        }

        public Builder streamOpenRate(double perSecond, int burst) {
            streamOpensPerSecond = perSecond;
            streamOpenBurst = burst;
            return this;
        }

        /** @param timeout how long a connection may take to bring a whole request (headers and body) */
        public Builder requestTimeout(Duration timeout) {
            requestTimeout = timeout;
            return this;
        }

        public Builder trustedProxies(List<String> proxies) {
            trustedProxies = proxies;
            return this;
        }

        /** @param rooms rooms in all, {@code general} included */
        public Builder maxRooms(int rooms) {
            maxRooms = rooms;
            return this;
        }

        /** @param deadline how long one export may take in all */
        public Builder exportDeadline(Duration deadline) {
            exportDeadline = deadline;
            return this;
        }

        HttpLimits build() {
            return new HttpLimits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst,
                    requestTimeout, trustedProxies, maxRooms, exportDeadline);
        }
    }
}

package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.History;
import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat room: takes messages, stores them, and streams them to every subscriber.
 *
 * <p>How an event travels: {@link #post} stores the draft in the {@link History} (which gives it its id) and
 * publishes it through the {@link Relay}; the relay hands it to {@link #deliver}, which encodes it once per
 * {@link View} and appends the bytes to that view's {@link RoomLog}, then wakes the {@link FanOut}. The fan-out
 * threads write each subscriber's unsent range; nobody waits for them. A new stream is registered at the current end
 * of its log, under the same lock that appends, and starts with a preamble that replays history up to exactly that
 * point, so it sees every message once: no gap, no duplicate, however many messages arrive meanwhile.
 *
 * <p>Thread-safe: one lock orders appends, registrations and presence changes; writes happen outside it.
 */
public final class Room implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    /** Joins and leaves are announced together, at most this often. */
    static final Duration ANNOUNCE_EVERY = Duration.ofMillis(250);
    private static final byte[] KEEP_ALIVE = FrameWriter.encode(Frame.comment("keep-alive"));

    private final RoomSettings settings;
    private final History history;
    private final Relay relay;
    private final Clock clock;
    private final String serverName;
    private final ReentrantLock lock = new ReentrantLock();
    private final RoomLog plainLog = new RoomLog();
    private final RoomLog jsonLog = new RoomLog();
    private final FanOut fanOut;
    private final Presence presence = new Presence();
    private final Set<Subscriber> live = ConcurrentHashMap.newKeySet();
    private final RecentMessages recent;
    private final ScheduledExecutorService timers;
    private long deliveredId;
    /** Joins and leaves not announced yet, by presence key; under the lock. */
    private final Map<String, PresenceChange> unannounced = new LinkedHashMap<>();
    /** Who the log last said is online; under the lock. */
    private final Set<String> announcedOnline = new HashSet<>();
    private volatile boolean closed;

    public Room(RoomSettings settings, History history, Relay relay, Clock clock, String serverName) {
        this.settings = settings;
        this.history = history;
        this.relay = relay;
        this.clock = clock;
        this.serverName = serverName;
        this.deliveredId = history.latestId();
        List<ChatMessage> newest = history.between(0, deliveredId, settings.recentCache() + 1);
        boolean everything = newest.size() <= settings.recentCache();
        List<Encoded> encoded = new ArrayList<>();
        newest.stream().skip(everything ? 0 : 1).forEach(m -> encoded.add(Encoded.of(m)));
        this.recent = new RecentMessages(settings.recentCache(), encoded, everything);
        this.fanOut = new FanOut(settings.fanOutThreads(), settings.maxLagBytes());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hubbub-room-timers");
            thread.setDaemon(true);
            return thread;
        });
        long keepAliveMillis = settings.keepAlive().toMillis();
        timers.scheduleAtFixedRate(this::keepAlive, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
        relay.deliverTo(this::deliver);
    }

    public String name() {
        return settings.name();
    }

    public String epoch() {
        return history.epoch();
    }

    /**
     * Stores a message and sends it to everyone; returns once it is stored. A draft whose client id was already
     * stored is not stored or sent again: the earlier message comes back, marked as a duplicate.
     *
     * @throws RoomClosedException when the room is shutting down
     */
    public History.Stored post(Draft draft) {
        lock.lock();
        try {
            if (closed) {
                throw new RoomClosedException();
            }
            History.Stored stored = history.append(draft, clock.instant());
            if (!stored.duplicate()) {
                relay.publish(stored.message());
            }
            return stored;
        } finally {
            lock.unlock();
        }
    }

    /** Receives each stored message from the relay, in id order, and appends it to both logs. */
    private void deliver(ChatMessage message) {
        Encoded encoded = Encoded.of(message);
        lock.lock();
        try {
            if (message.id() <= deliveredId) {
                return;
            }
            appendTo(plainLog, encoded.plain());
            appendTo(jsonLog, encoded.json());
            recent.add(encoded);
            deliveredId = message.id();
        } finally {
            lock.unlock();
        }
        fanOut.wakeAll();
    }

    /**
     * Opens a stream: it starts with history (see {@link StreamRequest}) and continues with everything the room
     * sends from now on.
     *
     * @throws RoomClosedException when the room is shutting down
     */
    public Subscription subscribe(StreamRequest request, StreamSink sink) {
        RoomLog log = request.view() == View.PLAIN ? plainLog : jsonLog;
        String key = request.name() == null ? null : Presence.keyOf(request.name());
        Subscriber subscriber;
        long upTo;
        List<String> online;
        Replay replay;
        boolean joined;
        lock.lock();
        try {
            if (closed) {
                throw new RoomClosedException();
            }
            subscriber = new Subscriber(log, log.end(), sink, key);
            subscriber.attach(fanOut.pickShard(), this::streamClosed);
            live.add(subscriber);
            upTo = deliveredId;
            online = presence.online();
            joined = key != null && presence.streamOpened(request.name());
            if (joined) {
                announce(key, request.name().strip(), true);
            }
            replay = Replay.fromMemory(recent, request.lastEventId(), upTo, settings, request.view());
        } finally {
            lock.unlock();
        }
        try {
            if (replay == null) {
                replay = Replay.fromHistory(history, request.lastEventId(), upTo, settings, request.view());
            }
            subscriber.goLive(preamble(request.view(), online, replay));
        } catch (RuntimeException e) {
            LOG.warn("could not replay history to {}: {}", request.remoteAddress(), e.toString());
            subscriber.close(e);
            throw e;
        }
        return subscriber::close;
    }

    /** The stream's own header (retry, hello, presence, gap), then the replayed messages' shared bytes. */
    private List<ByteBuffer> preamble(View view, List<String> online, Replay replay) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        head.writeBytes(FrameWriter.encode(Frame.retry(settings.retry().toMillis())));
        if (view == View.JSON) {
            head.writeBytes(encodeEvent(StreamEvents.HELLO,
                    new StreamEvents.Hello(settings.name(), history.epoch(), serverName)));
            head.writeBytes(encodeEvent(StreamEvents.PRESENCE, new StreamEvents.Online(online)));
            if (replay.gap() != null) {
                head.writeBytes(encodeEvent(StreamEvents.GAP, replay.gap()));
            }
        }
        List<ByteBuffer> parts = new ArrayList<>(1 + replay.messages().size());
        parts.add(ByteBuffer.wrap(head.toByteArray()));
        for (Encoded message : replay.messages()) {
            parts.add(ByteBuffer.wrap(message.bytes(view)));
        }
        return parts;
    }

    /**
     * A page of the stored history, for a client that scrolls past what its stream gave it. Reads the store on the
     * caller's thread, outside the room's lock.
     */
    public HistoryPage page(HistoryPage.Query query) {
        int limit = query.limit();
        List<ChatMessage> found;
        if (query.after() != null) {
            found = history.after(query.after(), limit + 1);
            boolean more = found.size() > limit;
            return new HistoryPage(history.epoch(), more ? found.subList(0, limit) : found, more);
        }
        long upTo = query.before() == null ? Long.MAX_VALUE : query.before() - 1;
        found = upTo < 1 ? List.of() : history.between(0, upTo, limit + 1);
        boolean more = found.size() > limit;
        return new HistoryPage(history.epoch(), more ? found.subList(1, found.size()) : found, more);
    }

    /** Who is online now, each person once. */
    public List<String> online() {
        lock.lock();
        try {
            return presence.online();
        } finally {
            lock.unlock();
        }
    }

    /** How many streams are open. */
    public int streamCount() {
        return live.size();
    }

    private void streamClosed(Subscriber subscriber) {
        live.remove(subscriber);
        if (subscriber.presenceKey == null || closed) {
            return;
        }
        lock.lock();
        try {
            long generation = presence.streamClosed(subscriber.presenceKey);
            if (generation >= 0) {
                timers.schedule(() -> graceExpired(subscriber.presenceKey, generation),
                        settings.presenceGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void graceExpired(String key, long generation) {
        lock.lock();
        try {
            String name = presence.graceExpired(key, generation);
            if (name != null && !closed) {
                announce(key, name, false);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a join or a leave for the next announcement, at most one every {@link #ANNOUNCE_EVERY}: someone who
     * comes and goes within it is not announced at all, and a crowd arriving at once costs everyone one pass of the
     * fan-out, not one per person. Under the lock.
     */
    private void announce(String key, String name, boolean online) {
        boolean first = unannounced.isEmpty();
        unannounced.put(key, new PresenceChange(name, online));
        if (first && !closed) {
            timers.schedule(this::announcePresence, ANNOUNCE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private record PresenceChange(String name, boolean online) {
    }

    private void announcePresence() {
        boolean appended = false;
        lock.lock();
        try {
            for (var entry : unannounced.entrySet()) {
                String key = entry.getKey();
                boolean online = entry.getValue().online();
                if (online != announcedOnline.contains(key)) {
                    appendTo(jsonLog, encodeEvent(online ? StreamEvents.JOIN : StreamEvents.LEAVE,
                            new StreamEvents.Person(entry.getValue().name())));
                    appended = true;
                    if (online) {
                        announcedOnline.add(key);
                    } else {
                        announcedOnline.remove(key);
                    }
                }
            }
            unannounced.clear();
        } finally {
            lock.unlock();
        }
        if (appended) {
            fanOut.wakeAll();
        }
    }

    private void keepAlive() {
        lock.lock();
        try {
            appendTo(plainLog, KEEP_ALIVE);
            appendTo(jsonLog, KEEP_ALIVE);
        } finally {
            lock.unlock();
        }
        fanOut.wakeAll();
    }

    /** Appends under the lock, and drops chunks no live subscriber of that log needs whenever a chunk fills up. */
    private void appendTo(RoomLog log, byte[] bytes) {
        long before = log.end();
        long after = log.append(bytes);
        if (before / RoomLog.CHUNK_BYTES != after / RoomLog.CHUNK_BYTES) {
            long slowest = after;
            for (Subscriber s : live) {
                if (s.log == log && !s.isClosed()) {
                    slowest = Math.min(slowest, s.cursor());
                }
            }
            log.trimBelow(slowest);
        }
    }

    private static byte[] encodeEvent(String type, Object data) {
        return FrameWriter.encode(Frame.event(type, ChatJson.write(data)));
    }

    /** Ends every stream and stops the fan-out. The history is the caller's to close. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        for (Subscriber subscriber : live) {
            subscriber.close(null);
        }
        timers.shutdownNow();
        try {
            fanOut.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relay.close();
    }
}

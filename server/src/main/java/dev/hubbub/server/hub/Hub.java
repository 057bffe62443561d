package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.PresenceBoard;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Position;
import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub: every room and every conversation between two people, streamed to every client that may see them.
 *
 * <p>How an event travels: {@link #append} hands it to the {@link EventLog}, which stores it (the poster hears back
 * then) and gives it a position. The hub hears of it only through its tail of the log, as it would hear of an event
 * another server stored: {@link #deliver} encodes each event once per view and appends the bytes to the logs of the
 * views that show it (everything public, for structured streams; a room's own log, for its tutorial streams), or,
 * for a direct message, queues them for its two people's streams alone, marked with their place among the public
 * bytes. Then it wakes the {@link FanOut}, whose threads write each subscriber's unsent range; nobody waits for
 * them.
 *
 * <p>A new stream is registered at the current end of its log, under the same lock that appends, and starts with a
 * preamble that replays the log up to exactly that point, so it sees every event once: no gap, no duplicate,
 * however many events arrive meanwhile.
 *
 * <p>Thread-safe: one lock orders appends to the logs, registrations and presence changes; it is never held across
 * I/O (the store's work happens on its threads, writes on the fan-out's).
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final byte[] KEEP_ALIVE = FrameWriter.encode(Frame.comment("keep-alive"));
    /** Joins and leaves are announced together, at most this often. */
    static final Duration ANNOUNCE_EVERY = Duration.ofMillis(250);

    private final HubSettings settings;
    private final EventLog events;
    private final String serverName;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the hub hears of new events from its tail of the log. */
    private final java.util.concurrent.locks.Condition heard = lock.newCondition();
    /** How long a stream resuming from an event the store has and the hub has not heard of yet waits for it. */
    static final Duration CATCH_UP = Duration.ofSeconds(5);
    private final RoomLog jsonLog = new RoomLog();
    /** Each room's tutorial log, by room id; under the lock. */
    private final Map<String, RoomLog> plainLogs = new HashMap<>();
    /** Every room there is, in order, by id; under the lock. */
    private final Map<String, StreamEvents.RoomInfo> rooms = new LinkedHashMap<>();
    private final FanOut fanOut;
    private final Presence presence = new Presence();
    private final Set<Subscriber> live = ConcurrentHashMap.newKeySet();
    /** The open structured streams of each signed-in person, for their direct messages; under the lock. */
    private final Map<String, Set<Subscriber>> byPerson = new HashMap<>();
    private final RecentEvents recent;
    private final ScheduledExecutorService timers;
    private final EventLog.Tail tail;
    /** Who the streams were last told is online, by presence key; under the lock. */
    private final Map<String, String> announcedOnline = new LinkedHashMap<>();
    /** Whether an announcement of joins and leaves is due; under the lock. */
    private boolean announcementDue;
    /** Who is online on the other servers sharing the store, by presence key; replaced whole, under the lock. */
    private Map<String, String> elsewhere = Map.of();
    private final PresenceBoard board;
    private Position delivered;
    private volatile boolean closed;

    /**
     * @param knownRooms the rooms the directory holds now; rooms created later arrive as events
     */
    public Hub(HubSettings settings, EventLog events, List<StreamEvents.RoomInfo> knownRooms, String serverName) {
        this(settings, events, knownRooms, serverName, PresenceBoard.ALONE);
    }

    /**
     * @param knownRooms the rooms the directory holds now; rooms created later arrive as events
     * @param board where this server posts who is online on it and hears who is on the others sharing the store
     */
    public Hub(HubSettings settings, EventLog events, List<StreamEvents.RoomInfo> knownRooms, String serverName,
               PresenceBoard board) {
        this.settings = settings;
        this.board = board;
        this.events = events;
        this.serverName = serverName;
        knownRooms.forEach(room -> {
            rooms.put(room.id(), room);
            plainLogs.put(room.id(), new RoomLog());
        });
        this.delivered = events.head();
        List<Logged> newest = events.range(Position.START, delivered, EventLog.Scope.ALL,
                settings.recentCache() + 1).join();
        boolean everything = newest.size() <= settings.recentCache();
        List<EncodedEvent> encoded = new ArrayList<>();
        newest.stream().skip(everything ? 0 : 1).forEach(e -> encoded.add(encode(e)));
        this.recent = new RecentEvents(settings.recentCache(), encoded, everything);
        this.fanOut = new FanOut(settings.fanOutThreads(), settings.maxLagBytes());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hubbub-timers");
            thread.setDaemon(true);
            return thread;
        });
        long keepAliveMillis = settings.keepAlive().toMillis();
        timers.scheduleAtFixedRate(this::keepAlive, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
        this.tail = events.tail(delivered, this::deliver);
        board.listen(this::elsewhere);
        board.onSignal(this::signalled);
    }

    /** From the board's thread: what another server's streams heard, this server's hear too. */
    private void signalled(PresenceBoard.Signal signal) {
        if (signal instanceof PresenceBoard.Signal.Typing t) {
            typingHere(t.name(), t.conversation(), t.toName(), t.toKey());
        } else if (signal instanceof PresenceBoard.Signal.EndStreams e) {
            endStreamsHere(e.key());
        }
    }

    public String name() {
        return settings.name();
    }

    public String epoch() {
        return events.epoch();
    }

    public EventLog events() {
        return events;
    }

    /** Every room, {@code general} first. */
    public List<StreamEvents.RoomInfo> rooms() {
        lock.lock();
        try {
            return List.copyOf(rooms.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores an event; completes once it is stored (then every stream that may see it will get it). An event whose
     * client id was stored before is not stored or sent again: the earlier one comes back, marked as a duplicate.
     *
     * @throws HubClosedException (in the future) when the server is shutting down
     */
    public CompletableFuture<EventLog.Appended> append(LogEvent event) {
        if (closed) {
            return CompletableFuture.failedFuture(new HubClosedException());
        }
        return events.append(event);
    }

    /** The client's form of a stored message. */
    public ChatMessage messageOf(Logged logged) {
        return EncodedEvent.messageOf(logged, events.format(logged.position()), events::format);
    }

    /** Receives each stored event from the log's tail, in order, and hands it to the views that show it. */
    private void deliver(List<Logged> batch) {
        List<EncodedEvent> encoded = new ArrayList<>(batch.size());
        for (Logged logged : batch) {
            encoded.add(encode(logged));
        }
        boolean wakeAll = false;
        Set<Subscriber> wake = new HashSet<>();
        List<RoomLog> deletedRoomLogs = new ArrayList<>();
        lock.lock();
        try {
            for (EncodedEvent event : encoded) {
                if (!event.position().isAfter(delivered)) {
                    continue;
                }
                delivered = event.position();
                heard.signalAll();
                recent.add(event);
                LogEvent e = event.event();
                if (e.kind() == LogEvent.Kind.ROOM_DELETED) {
                    RoomLog plain = forgetRoom(e.conversation());
                    if (plain != null) {
                        deletedRoomLogs.add(plain);
                    }
                    appendTo(jsonLog, event.json());
                    wakeAll = true;
                } else if (e.kind().isAboutARoom()) {
                    StreamEvents.RoomInfo room = EncodedEvent.roomOf(e);
                    if (e.kind() == LogEvent.Kind.ROOM_RULES) {
                        rooms.put(room.id(), room);
                    } else {
                        rooms.putIfAbsent(room.id(), room);
                    }
                    plainLogs.computeIfAbsent(e.conversation(), id -> new RoomLog());
                    appendTo(jsonLog, event.json());
                    wakeAll = true;
                } else if (e.isDirect()) {
                    for (String key : new String[] {e.authorKey(), e.toKey()}) {
                        for (Subscriber s : byPerson.getOrDefault(key, Set.of())) {
                            s.addPrivate(event.json());
                            wake.add(s);
                        }
                    }
                } else {
                    appendTo(jsonLog, event.json());
                    if (event.plain() != null) {
                        RoomLog plain = plainLogs.computeIfAbsent(e.conversation(), id -> new RoomLog());
                        appendTo(plain, event.plain());
                    }
                    wakeAll = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (wakeAll) {
            fanOut.wakeAll();
        } else {
            wake.forEach(Subscriber::wake);
        }
        // A deleted room's tutorial streams end (their clients reconnect and hear there is no such room).
        for (RoomLog plain : deletedRoomLogs) {
            for (Subscriber subscriber : live) {
                if (subscriber.log == plain) {
                    subscriber.close(null);
                }
            }
        }
    }

    /**
     * Under the lock: a room the host deleted leaves the rooms new streams are told of and what replays from memory
     * (the store forgot it too); the structured streams are told by the deletion's own event. Returns the room's
     * tutorial log, whose streams the caller ends once it let go of the lock.
     */
    private RoomLog forgetRoom(String id) {
        rooms.remove(id);
        recent.forget(id);
        return plainLogs.remove(id);
    }

    /**
     * Under the lock: when a stream resumes from an event that is stored but that the hub has not heard of from its
     * tail yet (a client that reconnects at once, or comes from another server of a shared store), waits until it
     * has, so that the live events that follow are those after it and none it had. Waits without holding the lock.
     */
    private void awaitHeard(Position after, Position storedHead) {
        if (after == null || !after.isAfter(delivered) || after.isAfter(storedHead)) {
            return;
        }
        long left = CATCH_UP.toNanos();
        try {
            while (after.isAfter(delivered) && !closed && left > 0) {
                left = heard.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private EncodedEvent encode(Logged logged) {
        return EncodedEvent.of(logged, events.format(logged.position()), events::format);
    }

    /**
     * Opens a stream: it starts with history (see {@link StreamRequest}) and continues with everything the server
     * sends from now on that it may see.
     *
     * @throws HubClosedException when the server is shutting down
     * @throws IllegalArgumentException when a tutorial stream names a room there is not
     */
    public Subscription subscribe(StreamRequest request, StreamSink sink) {
        String onlineKey = request.onlineName() == null ? null : Presence.keyOf(request.onlineName());
        Subscriber subscriber;
        Position upTo;
        List<String> online;
        List<StreamEvents.RoomInfo> roomsNow;
        Position after = request.lastEventId() == null ? null : events.parse(request.lastEventId()).orElse(null);
        EventLog.Scope scope = Replay.scopeOf(request);
        List<EncodedEvent> fromMemory;
        // Asked before the lock: a shared store answers over the network (and another server's newest event may be
        // newer than this one's tail has brought).
        Position storedHead = after == null ? null : events.head();
        lock.lock();
        try {
            if (closed) {
                throw new HubClosedException();
            }
            awaitHeard(after, storedHead);
            RoomLog log = request.view() == View.JSON ? jsonLog : plainLogs.get(request.room());
            if (log == null) {
                throw new IllegalArgumentException("there is no room '" + request.room() + "'");
            }
            subscriber = new Subscriber(log, log.end(), sink, onlineKey,
                    request.view() == View.JSON ? request.personKey() : null);
            subscriber.attach(fanOut.pickShard(), this::streamClosed);
            live.add(subscriber);
            if (subscriber.personKey != null) {
                byPerson.computeIfAbsent(subscriber.personKey, k -> new HashSet<>()).add(subscriber);
            }
            upTo = delivered;
            online = onlineEverywhere();
            roomsNow = List.copyOf(rooms.values());
            if (onlineKey != null && presence.streamOpened(request.onlineName())) {
                presenceChanged();
            }
            fromMemory = after == null ? recent.latest(upTo, scope, settings.replayOnConnect())
                    : recent.between(after, upTo, scope, settings.replayMax() + 1);
        } finally {
            lock.unlock();
        }
        try {
            Replay replay = replay(after, request.lastEventId(), upTo, scope, fromMemory, request.view());
            subscriber.goLive(preamble(request, online, roomsNow, replay));
        } catch (RuntimeException e) {
            LOG.warn("could not replay history to {}: {}", request.remoteAddress(), e.toString());
            subscriber.close(e);
            throw e;
        }
        return subscriber::close;
    }

    private Replay replay(Position after, String afterId, Position upTo, EventLog.Scope scope,
                          List<EncodedEvent> fromMemory, View view) {
        if (after == null) {
            List<EncodedEvent> found = fromMemory != null ? fromMemory : encodeAll(
                    events.range(Position.START, upTo, scope, settings.replayOnConnect()).join());
            return Replay.latest(found, settings, view);
        }
        List<EncodedEvent> found = fromMemory != null ? fromMemory
                : encodeAll(events.range(after, upTo, scope, settings.replayMax() + 1).join());
        return Replay.after(after, afterId, found, settings, view, events.trimmedUpTo());
    }

    private List<EncodedEvent> encodeAll(List<Logged> logged) {
        return logged.stream().map(this::encode).toList();
    }

    /** The stream's own header (retry, hello, presence, gap), then the replayed events' shared bytes. */
    private List<ByteBuffer> preamble(StreamRequest request, List<String> online,
                                      List<StreamEvents.RoomInfo> roomsNow, Replay replay) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        head.writeBytes(FrameWriter.encode(Frame.retry(settings.retry().toMillis())));
        if (request.view() == View.JSON) {
            head.writeBytes(encodeEvent(StreamEvents.HELLO, new StreamEvents.Hello(settings.name(), events.epoch(),
                    serverName, request.onlineName() == null || request.personKey() == null ? null
                    : request.onlineName(), roomsNow, request.host())));
            head.writeBytes(encodeEvent(StreamEvents.PRESENCE, new StreamEvents.Online(online)));
            if (replay.gap() != null) {
                head.writeBytes(encodeEvent(StreamEvents.GAP, replay.gap()));
            }
        }
        List<ByteBuffer> parts = new ArrayList<>(1 + replay.events().size());
        parts.add(ByteBuffer.wrap(head.toByteArray()));
        for (EncodedEvent event : replay.events()) {
            parts.add(ByteBuffer.wrap(event.bytes(request.view())));
        }
        return parts;
    }

    /**
     * A page of one conversation's stored messages, for a client that scrolls past what its stream gave it. Access
     * is the caller's to check.
     */
    public CompletableFuture<HistoryPage> page(String conversation, String before, String after, int limit) {
        Position beforePosition = before == null ? null : events.parse(before).orElse(Position.START);
        Position afterPosition = after == null ? null : events.parse(after).orElse(Position.START);
        return events.page(conversation, beforePosition, afterPosition, limit).thenApply(page -> new HistoryPage(
                events.epoch(), conversation, page.events().stream().map(this::messageOf).toList(), page.more()));
    }

    /** Who is online now, on this server or another sharing the store, each person once. */
    public List<String> online() {
        lock.lock();
        try {
            return onlineEverywhere();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: this server's people, then the others', each person once (the first spelling seen). */
    private List<String> onlineEverywhere() {
        // Every new stream asks: alone (or with nobody online elsewhere), as cheap as it was for one server.
        return elsewhere.isEmpty() ? presence.online() : List.copyOf(everyoneOnline().values());
    }

    /** Under the lock: everyone online, by presence key. */
    private Map<String, String> everyoneOnline() {
        Map<String, String> all = new LinkedHashMap<>();
        presence.addTo(all);
        elsewhere.forEach(all::putIfAbsent);
        return all;
    }

    /** From the board's thread: who is online on the other servers now. */
    private void elsewhere(List<String> names) {
        Map<String, String> byKey = new LinkedHashMap<>();
        names.forEach(name -> byKey.putIfAbsent(Presence.keyOf(name), name));
        lock.lock();
        try {
            elsewhere = byKey;
            presenceChanged();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every stream of the person with this name key (signed in as them, or counted online under their name):
     * the host removed them. Their clients hear why when they try to come back.
     */
    public void endStreamsOf(String key) {
        endStreamsHere(key);
        board.signal(new PresenceBoard.Signal.EndStreams(key));
    }

    private void endStreamsHere(String key) {
        for (Subscriber subscriber : live) {
            if (key.equals(subscriber.personKey)) {
                subscriber.close(null);
            }
        }
    }

    /** How many streams are open. */
    public int streamCount() {
        return live.size();
    }

    private void streamClosed(Subscriber subscriber) {
        live.remove(subscriber);
        if (closed) {
            return;
        }
        lock.lock();
        try {
            if (subscriber.personKey != null) {
                Set<Subscriber> streams = byPerson.get(subscriber.personKey);
                if (streams != null && streams.remove(subscriber) && streams.isEmpty()) {
                    byPerson.remove(subscriber.personKey);
                }
            }
            if (subscriber.presenceKey != null) {
                long generation = presence.streamClosed(subscriber.presenceKey);
                if (generation >= 0) {
                    timers.schedule(() -> graceExpired(subscriber.presenceKey, generation),
                            settings.presenceGrace().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void graceExpired(String key, long generation) {
        lock.lock();
        try {
            if (presence.graceExpired(key, generation) != null) {
                presenceChanged();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: someone came or went, here or on another server. The streams hear of it with the next
     * announcement, at most one every {@link #ANNOUNCE_EVERY}: someone who comes and goes within it is not
     * announced at all, and a crowd arriving at once costs everyone one pass of the fan-out, not one per person.
     */
    private void presenceChanged() {
        if (!announcementDue && !closed) {
            announcementDue = true;
            timers.schedule(this::announcePresence, ANNOUNCE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Tells the streams who joined and who left since they were last told, and the board who is online here. */
    private void announcePresence() {
        boolean appended = false;
        List<String> here;
        lock.lock();
        try {
            announcementDue = false;
            Map<String, String> now = everyoneOnline();
            for (var gone : List.copyOf(announcedOnline.entrySet())) {
                if (!now.containsKey(gone.getKey())) {
                    appendTo(jsonLog, encodeEvent(StreamEvents.LEAVE, new StreamEvents.Person(gone.getValue())));
                    announcedOnline.remove(gone.getKey());
                    appended = true;
                }
            }
            for (var came : now.entrySet()) {
                if (announcedOnline.putIfAbsent(came.getKey(), came.getValue()) == null) {
                    appendTo(jsonLog, encodeEvent(StreamEvents.JOIN, new StreamEvents.Person(came.getValue())));
                    appended = true;
                }
            }
            here = presence.online();
        } finally {
            lock.unlock();
        }
        board.post(here);
        if (appended) {
            fanOut.wakeAll();
        }
    }

    private void keepAlive() {
        lock.lock();
        try {
            appendTo(jsonLog, KEEP_ALIVE);
            plainLogs.values().forEach(log -> appendTo(log, KEEP_ALIVE));
        } finally {
            lock.unlock();
        }
        fanOut.wakeAll();
    }

    /** Appends under the lock, and drops chunks no live subscriber of that log needs whenever a chunk fills up. */
    /**
     * Tells the streams that may see it that someone is typing: in a room, every structured stream; in a direct
     * conversation, the other person's structured streams. Not stored: a stream opened later never hears of it, and
     * the tutorial streams never do.
     *
     * @param toName the other person, in a direct conversation; null in a room
     * @param toKey that person's name key; null in a room
     */
    public void typing(String name, String conversation, String toName, String toKey) {
        typingHere(name, conversation, toName, toKey);
        board.signal(new PresenceBoard.Signal.Typing(name, conversation, toName, toKey));
    }

    private void typingHere(String name, String conversation, String toName, String toKey) {
        if (closed) {
            return;
        }
        byte[] frame = encodeEvent(StreamEvents.TYPING, new StreamEvents.Typing(conversation, name, toName));
        List<Subscriber> wake = new ArrayList<>();
        lock.lock();
        try {
            if (toKey == null) {
                appendTo(jsonLog, frame);
            } else {
                for (Subscriber s : byPerson.getOrDefault(toKey, Set.of())) {
                    s.addPrivate(frame);
                    wake.add(s);
                }
            }
        } finally {
            lock.unlock();
        }
        if (toKey == null) {
            fanOut.wakeAll();
        } else {
            wake.forEach(Subscriber::wake);
        }
    }

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

    /** Ends every stream and stops the fan-out and the tail. The log is the caller's to close. */
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
        tail.close();
        for (Subscriber subscriber : live) {
            subscriber.close(null);
        }
        timers.shutdownNow();
        try {
            fanOut.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The id of a direct conversation between two name keys; see {@link Conversations#direct}. */
    public static String directConversation(String keyA, String keyB) {
        return Conversations.direct(keyA, keyB);
    }
}

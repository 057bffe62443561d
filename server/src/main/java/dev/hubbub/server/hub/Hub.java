package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Content;
import dev.hubbub.chat.Mentions;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.PresenceBoard;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Overwrite;
import dev.hubbub.server.store.Position;
import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
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
    private final Instant startedAt = Instant.now();
    private final PerSecond posts = new PerSecond();

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final byte[] KEEP_ALIVE = FrameWriter.encode(Frame.comment("keep-alive"));

    private final HubSettings settings;
    private final EventLog events;
    private final ReentrantLock lock = new ReentrantLock();
    /** How long a stream resuming from an event the store has and the hub has not heard of yet waits for it. */
    static final Duration CATCH_UP = Duration.ofSeconds(5);
    private final RoomLog jsonLog = new RoomLog();
    /** Each room's tutorial log, by room id; under the lock. */
    private final Map<String, RoomLog> plainLogs = new HashMap<>();
    /** Rooms by what {@code #word} may name them (id, one-word name), for links in messages; any thread. */
    private volatile Map<String, String> roomIds = Map.of();
    /** Every room there is, in order, by id; under the lock. */
    private final Map<String, StreamEvents.RoomInfo> rooms = new LinkedHashMap<>();
    private final FanOut fanOut;
    private final Set<Subscriber> live = ConcurrentHashMap.newKeySet();
    /** The open structured streams of each signed-in person, for their direct messages; under the lock. */
    private final Map<String, Set<Subscriber>> byPerson = new HashMap<>();
    private final RecentEvents recent;
    /** What each message's text means, decided once for every reader. */
    private final FormattingCache formatting = new FormattingCache(FormattingCache.CAPACITY_BYTES);
    private final ScheduledExecutorService timers;
    /** Where what asks the store and blocks runs (a shared store's head), never on a request's thread. */
    private final ExecutorService io;
    private final Roster roster;
    private final Replays replays;
    private final EventLog.Tail tail;
    private final PresenceBoard board;
    /** Streams resuming from an event the tail has not brought yet, each with its position; under the lock. */
    private final List<Map.Entry<Position, CompletableFuture<Void>>> catchingUp = new ArrayList<>();
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
        knownRooms.forEach(room -> {
            rooms.put(room.id(), room);
            plainLogs.put(room.id(), new RoomLog());
        });
        roomsChangedLocked();
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
        this.io = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "hubbub-hub-io");
            thread.setDaemon(true);
            return thread;
        });
        this.roster = new Roster(lock, timers, settings.presenceGrace(), board, bytes -> appendTo(jsonLog, bytes),
                fanOut::wakeAll);
        this.replays = new Replays(settings, events, serverName, io, this::encodeFor);
        long keepAliveMillis = settings.keepAlive().toMillis();
        timers.scheduleAtFixedRate(this::keepAlive, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(this::sendReads, READS_EVERY_MILLIS, READS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        this.tail = events.tail(delivered, this::deliver);
        board.listen(roster::elsewhere);
        board.onSignal(this::signalled);
    }

    /** From the board's thread: what another server's streams heard, this server's hear too. */
    private void signalled(PresenceBoard.Signal signal) {
        if (signal instanceof PresenceBoard.Signal.Typing t) {
            typingHere(t.name(), t.conversation(), t.toName(), t.toKey());
        } else if (signal instanceof PresenceBoard.Signal.EndStreams e) {
            endStreamsHere(e.key());
        } else if (signal instanceof PresenceBoard.Signal.Read r) {
            readHere(r.conversation(), r.personKey(), r.name(), r.id(), r.shares());
        } else if (signal instanceof PresenceBoard.Signal.ToPerson p) {
            tellHere(p.key(), FrameWriter.encode(Frame.event(p.type(), p.json())));
        } else if (signal instanceof PresenceBoard.Signal.ToEveryone e) {
            tellEveryoneHere(FrameWriter.encode(Frame.event(e.type(), e.json())));
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
        return EncodedEvent.messageOf(logged, events.format(logged.position()), events::format, this::contentOf);
    }

    /** When this hub started (for the host's console). */
    public Instant startedAt() {
        return startedAt;
    }

    /** Messages stored in the last minute, by anyone through any server sharing the store (as the tail read them). */
    public int postsLastMinute() {
        return posts.lastMinute(System.currentTimeMillis() / 1000);
    }

    /** Receives each stored event from the log's tail, in order, and hands it to the views that show it. */
    private void deliver(List<Logged> batch) {
        long second = System.currentTimeMillis() / 1000;
        List<EncodedEvent> encoded = new ArrayList<>(batch.size());
        Map<EncodedEvent, EncodedEvent> overwritten = new java.util.IdentityHashMap<>();
        for (Logged logged : overwrite(batch, overwritten)) {
            if (logged.event().kind() == LogEvent.Kind.MESSAGE) {
                posts.count(second);
            }
            if (logged.event().kind() == LogEvent.Kind.EDIT || logged.event().kind() == LogEvent.Kind.DELETE) {
                formatting.forget(logged.event().target());
            }
            encoded.add(encode(logged));
        }
        boolean wakeAll = false;
        Set<Subscriber> wake = new HashSet<>();
        List<RoomLog> deletedRoomLogs = new ArrayList<>();
        List<CompletableFuture<Void>> caughtUp;
        lock.lock();
        try {
            recent.replace(overwritten);
            for (EncodedEvent event : encoded) {
                if (!event.position().isAfter(delivered)) {
                    continue;
                }
                delivered = event.position();
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
                    roomsChangedLocked();
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
            caughtUp = caughtUpLocked();
        } finally {
            lock.unlock();
        }
        caughtUp.forEach(waiting -> io.execute(() -> waiting.complete(null)));
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
     * A new batch's edits and deletions rewrite what they overwrite ({@link Overwrite}): the batch's own earlier events,
     * returned, and the events the hub keeps encoded, whose new encodings go in {@code overwritten} (null: the event
     * goes) for the caller to put in place. What already went out on live streams stays sent. On the tail's thread,
     * the only one that changes what the hub keeps; encodes outside the lock.
     */
    private List<Logged> overwrite(List<Logged> batch, Map<EncodedEvent, EncodedEvent> overwritten) {
        List<Logged> rewritten = null;
        for (int i = 0; i < batch.size(); i++) {
            Logged action = batch.get(i);
            Overwrite overwrite = action.position().isAfter(delivered) ? Overwrite.of(action) : null;
            if (overwrite == null) {
                continue;
            }
            if (rewritten == null) {
                rewritten = new ArrayList<>(batch);
            }
            for (int j = 0; j < i; j++) {
                rewritten.set(j, rewritten.get(j) == null ? null : overwrite.apply(rewritten.get(j)));
            }
            List<EncodedEvent> touched;
            lock.lock();
            try {
                touched = recent.touchedBy(overwrite, action.position());
            } finally {
                lock.unlock();
            }
            for (EncodedEvent kept : touched) {
                EncodedEvent before = overwritten.getOrDefault(kept, kept);
                Logged after = before == null ? null : overwrite.apply(before.logged());
                overwritten.put(kept, after == null ? null : encode(after));
            }
        }
        return rewritten == null ? batch : rewritten.stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Under the lock: a room the host deleted leaves the rooms new streams are told of and what replays from memory
     * (the store forgot it too); the structured streams are told by the deletion's own event. Returns the room's
     * tutorial log, whose streams the caller ends once it let go of the lock.
     */
    private RoomLog forgetRoom(String id) {
        rooms.remove(id);
        roomsChangedLocked();
        recent.forget(id);
        formatting.forgetConversation(id);
        return plainLogs.remove(id);
    }

    /**
     * When a stream resumes from an event that is stored but that the hub has not heard of from its tail yet (a client
     * that reconnects at once, or comes from another server of a shared store): completes once the hub has, so that
     * the live events that follow are those after it and none it had, or after {@link #CATCH_UP} whatever happened.
     * Completes at once otherwise.
     */
    private CompletableFuture<Void> whenHeard(Position after, Position storedHead) {
        CompletableFuture<Void> heard = new CompletableFuture<>();
        lock.lock();
        try {
            if (after == null || !after.isAfter(delivered) || after.isAfter(storedHead) || closed) {
                return CompletableFuture.completedFuture(null);
            }
            catchingUp.add(Map.entry(after, heard));
        } finally {
            lock.unlock();
        }
        timers.schedule(() -> io.execute(() -> heard.complete(null)), CATCH_UP.toMillis(), TimeUnit.MILLISECONDS);
        return heard;
    }

    /** Under the lock: the streams waiting for events the hub has heard of now, no longer waiting. */
    private List<CompletableFuture<Void>> caughtUpLocked() {
        if (catchingUp.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        catchingUp.removeIf(waiting -> {
            boolean heard = !waiting.getKey().isAfter(delivered) || waiting.getValue().isDone();
            if (heard) {
                done.add(waiting.getValue());
            }
            return heard;
        });
        return done;
    }

    private EncodedEvent encode(Logged logged) {
        return EncodedEvent.of(logged, events.format(logged.position()), events::format, this::contentOf);
    }

    /** An event as {@code view} shows it: a tutorial view's message alone, without deciding what its text means. */
    private EncodedEvent encodeFor(Logged logged, View view) {
        return view == View.PLAIN && logged.event().kind() == LogEvent.Kind.MESSAGE
                ? EncodedEvent.plainOf(logged, events.format(logged.position()), events::format) : encode(logged);
    }

    /** What a message's text means, with room links to the rooms there are now: decided once for every reader. */
    private List<Content.Block> contentOf(Logged message, String text, Mentions.Found mentions) {
        return formatting.of(message.position(), message.event().conversation(), text, mentions, roomIds);
    }

    /** How many times this hub decided a text's formatting (found none kept): what the tests hold its reads to. */
    long formattingsDecided() {
        return formatting.decided();
    }

    /**
     * Under the lock, after the rooms changed: the rooms a {@code #word} may name (by id, or a one-word name, in lower
     * case), replaced whole, so a formatting decided with the old ones is decided again.
     */
    private void roomsChangedLocked() {
        Map<String, String> ids = new HashMap<>();
        for (StreamEvents.RoomInfo room : rooms.values()) {
            String name = room.name().toLowerCase(java.util.Locale.ROOT);
            if (name.chars().noneMatch(Character::isWhitespace)) {
                ids.putIfAbsent(name, room.id());
            }
        }
        rooms.keySet().forEach(id -> ids.put(id, id));
        if (!ids.equals(roomIds)) {
            roomIds = Map.copyOf(ids); // a new map only for new names: formattings decided with the old one go
        }
    }

    /**
     * Opens a stream: it starts with history (see {@link StreamRequest}) and continues with everything the server
     * sends from now on that it may see. Never blocks its caller: what asks the store completes later, on the
     * store's or the hub's own threads.
     *
     * @return the open stream, once its preamble is on its way; failed with {@link HubClosedException} when the
     *     server is shutting down, {@link IllegalArgumentException} when a tutorial stream names a room there is not,
     *     or the store's failure to replay (the stream is closed then)
     */
    public CompletableFuture<Subscription> subscribe(StreamRequest request, StreamSink sink) {
        if (closed) {
            return CompletableFuture.failedFuture(new HubClosedException());
        }
        Position after = request.lastEventId() == null ? null : events.parse(request.lastEventId()).orElse(null);
        CompletableFuture<Void> caughtUp = after == null ? CompletableFuture.completedFuture(null)
                // A shared store answers over the network (and another server's newest event may be newer than
                // this one's tail has brought): asked on the hub's own threads, never holding the lock.
                : CompletableFuture.supplyAsync(events::head, io).thenCompose(head -> whenHeard(after, head));
        return caughtUp.thenCompose(ready -> {
            Registered stream = register(request, sink, after);
            return replays.replay(after, request.lastEventId(), stream.upTo(), Replay.scopeOf(request),
                            stream.fromMemory(), request.view())
                    .thenApply(replay -> {
                        stream.subscriber().goLive(replays.preamble(request, stream.online(), stream.rooms(),
                                replay));
                        return (Subscription) stream.subscriber()::close;
                    })
                    .whenComplete((opened, failure) -> {
                        if (failure != null) {
                            LOG.warn("could not replay history to {}: {}", request.remoteAddress(),
                                    failure.toString());
                            stream.subscriber().close(failure);
                        }
                    });
        });
    }

    /** A stream registered at the end of its log, and what it starts with as of that moment. */
    private record Registered(Subscriber subscriber, Position upTo, List<String> online,
                              List<StreamEvents.RoomInfo> rooms, List<EncodedEvent> fromMemory) {
    }

    /** Registers a new stream at the current end of its log, under the lock that appends. */
    private Registered register(StreamRequest request, StreamSink sink, Position after) {
        String onlineKey = request.onlineName() == null ? null : Roster.keyOf(request.onlineName());
        EventLog.Scope scope = Replay.scopeOf(request);
        lock.lock();
        try {
            if (closed) {
                throw new HubClosedException();
            }
            RoomLog log = request.view() == View.JSON ? jsonLog : plainLogs.get(request.room());
            if (log == null) {
                throw new IllegalArgumentException("there is no room '" + request.room() + "'");
            }
            Subscriber subscriber = new Subscriber(log, log.end(), sink, onlineKey,
                    request.view() == View.JSON ? request.personKey() : null);
            subscriber.attach(fanOut.pickShard(), this::streamClosed);
            live.add(subscriber);
            if (subscriber.personKey != null) {
                byPerson.computeIfAbsent(subscriber.personKey, k -> new HashSet<>()).add(subscriber);
            }
            List<String> online = roster.onlineLocked();
            if (onlineKey != null) {
                roster.streamOpenedLocked(request.onlineName());
            }
            List<EncodedEvent> fromMemory = after == null ? recent.latest(delivered, scope, settings.replayOnConnect())
                    : recent.between(after, delivered, scope, settings.replayMax() + 1);
            return new Registered(subscriber, delivered, online, List.copyOf(rooms.values()), fromMemory);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many bytes of messages (as JSON) one read of stored messages answers at most: a history page or a search.
     * A read that reaches it stops there and says there is more, so a client pages on from the last message it got,
     * and no read, however many messages it asks for, costs more than this much formatting and writing.
     */
    public static final int READ_BYTES = 512 * 1024;

    /**
     * A page of one conversation's stored messages, for a client that scrolls past what its stream gave it: at most
     * {@code limit}, and those nearest to where the client reads that fit in {@link #READ_BYTES}. Access is the
     * caller's to check.
     */
    public CompletableFuture<HistoryPage> page(String conversation, String before, String after, int limit) {
        Position beforePosition = before == null ? null : events.parse(before).orElse(Position.START);
        Position afterPosition = after == null ? null : events.parse(after).orElse(Position.START);
        return events.page(conversation, beforePosition, afterPosition, limit).thenApply(page -> {
            List<ChatMessage> shown = within(page.events(), afterPosition == null);
            return new HistoryPage(events.epoch(), conversation, shown,
                    page.more() || shown.size() < page.events().size());
        });
    }

    /**
     * The messages of {@code nearestFirst} as clients see them, in that order, as many as fit in {@link #READ_BYTES}
     * of JSON (the first always, so a client paging on always moves): what a read answers. A message is formatted
     * only once it is reached, and none is once what is left of the bytes is less than its stored text.
     */
    public List<ChatMessage> messagesWithin(List<Logged> nearestFirst) {
        List<ChatMessage> fitting = new ArrayList<>();
        long left = READ_BYTES;
        for (Logged logged : nearestFirst) {
            String text = logged.state() == null ? logged.event().text() : logged.state().text();
            if (!fitting.isEmpty() && text != null && text.length() > left) {
                break;
            }
            ChatMessage message = messageOf(logged);
            left -= ChatJson.write(message).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (left < 0 && !fitting.isEmpty()) {
                break;
            }
            fitting.add(message);
        }
        return fitting;
    }

    /** A page's events (oldest first) within the bytes, from its newest ({@code newestNearest}) or its oldest. */
    private List<ChatMessage> within(List<Logged> oldestFirst, boolean newestNearest) {
        if (!newestNearest) {
            return messagesWithin(oldestFirst);
        }
        List<Logged> newestFirst = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(newestFirst);
        List<ChatMessage> shown = new ArrayList<>(messagesWithin(newestFirst));
        java.util.Collections.reverse(shown);
        return shown;
    }

    /**
     * A page of the thread whose root is {@code root} (a message as it stands now, with its thread), for a client
     * that opens the thread. Access is the caller's to check.
     */
    public CompletableFuture<HistoryPage> thread(Logged root, String before, String after, int limit) {
        Position beforePosition = before == null ? null : events.parse(before).orElse(Position.START);
        Position afterPosition = after == null ? null : events.parse(after).orElse(Position.START);
        return events.thread(root.position(), beforePosition, afterPosition, limit).thenApply(page -> {
            List<ChatMessage> shown = within(page.events(), afterPosition == null);
            return new HistoryPage(events.epoch(), root.event().conversation(), shown,
                    page.more() || shown.size() < page.events().size(), messageOf(root));
        });
    }

    /** Who is online now, on this server or another sharing the store, each person once. */
    public List<String> online() {
        lock.lock();
        try {
            return roster.onlineLocked();
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
                roster.streamClosedLocked(subscriber.presenceKey);
            }
        } finally {
            lock.unlock();
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
        byte[] frame = encodeEvent(StreamEvents.TYPING, new StreamEvents.Typing(conversation, name, toName));
        // A room's typing goes to every structured stream (clients show it where it is), a direct one to its person.
        if (toKey == null) {
            tellEveryoneHere(frame);
        } else {
            tellHere(toKey, frame);
        }
    }

    /** How often read positions that moved are sent to who reads the same conversation. */
    static final long READS_EVERY_MILLIS = 1000;
    /** Someone who said where they read counts as reading that conversation for this long after. */
    static final long READING_FOR_MILLIS = 5 * 60_000;

    /** Who is reading which conversation (by person key): where they last said they read, and when. */
    private record Reading(String conversation, long atMillis, boolean shares) {
    }

    private final Object readsLock = new Object();
    /** By person key; one entry per person (they read one conversation at a time), so bounded by who reads. */
    private final Map<String, Reading> reading = new HashMap<>();
    /** Positions that moved since the last send, by conversation: name → the id they read up to. */
    private final Map<String, Map<String, String>> movedReads = new HashMap<>();

    /**
     * Someone read {@code conversation} up to the message {@code id}: they count as reading it (and so hear where
     * others read there), and, when they share where they read ({@code shares}), those reading it hear where they are,
     * within {@value #READS_EVERY_MILLIS} ms, coalesced; on every server sharing the store. Not stored here (the
     * store keeps positions); never on the tutorial streams.
     */
    public void read(String conversation, String personKey, String name, String id, boolean shares) {
        readHere(conversation, personKey, name, id, shares);
        board.signal(new PresenceBoard.Signal.Read(conversation, personKey, name, id, shares));
    }

    private void readHere(String conversation, String personKey, String name, String id, boolean shares) {
        synchronized (readsLock) {
            reading.put(personKey, new Reading(conversation, System.currentTimeMillis(), shares));
            if (shares) {
                movedReads.computeIfAbsent(conversation, c -> new HashMap<>()).put(name, id);
            }
        }
    }

    /** On the timer: each conversation's moved positions, once, to who reads it here and shares. */
    private void sendReads() {
        Map<String, Map<String, String>> moved;
        Map<String, List<String>> readers = new HashMap<>();
        long now = System.currentTimeMillis();
        synchronized (readsLock) {
            reading.values().removeIf(r -> now - r.atMillis() > READING_FOR_MILLIS);
            if (movedReads.isEmpty()) {
                return;
            }
            moved = new HashMap<>(movedReads);
            movedReads.clear();
            reading.forEach((person, r) -> {
                if (r.shares() && moved.containsKey(r.conversation())) {
                    readers.computeIfAbsent(r.conversation(), c -> new ArrayList<>()).add(person);
                }
            });
        }
        try {
            readers.forEach((conversation, people) -> {
                byte[] frame = encodeEvent(StreamEvents.READ, new StreamEvents.Reads(conversation,
                        moved.get(conversation)));
                people.forEach(person -> tellHere(person, frame));
            });
        } catch (RuntimeException e) {
            LOG.warn("could not send where people read: {}", e.toString());
        }
    }

    /**
     * Sends an event to the structured streams of one person (key {@code personKey}), on every server sharing the
     * store: something of theirs alone, such as a thread they now follow. Not stored, never replayed.
     */
    public void tell(String personKey, String type, Object data) {
        String json = ChatJson.write(data);
        tellHere(personKey, FrameWriter.encode(Frame.event(type, json)));
        board.signal(new PresenceBoard.Signal.ToPerson(personKey, type, json));
    }

    private void tellHere(String personKey, byte[] frame) {
        if (closed) {
            return;
        }
        List<Subscriber> wake = new ArrayList<>();
        lock.lock();
        try {
            for (Subscriber s : byPerson.getOrDefault(personKey, Set.of())) {
                s.addPrivate(frame);
                wake.add(s);
            }
        } finally {
            lock.unlock();
        }
        wake.forEach(Subscriber::wake);
    }

    /**
     * Sends an event to every structured stream, on every server sharing the store: news for everyone that is not
     * history, such as someone's status. Not stored, never replayed, never on the tutorial streams.
     */
    public void tellEveryone(String type, Object data) {
        String json = ChatJson.write(data);
        tellEveryoneHere(FrameWriter.encode(Frame.event(type, json)));
        board.signal(new PresenceBoard.Signal.ToEveryone(type, json));
    }

    private void tellEveryoneHere(byte[] frame) {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            appendTo(jsonLog, frame);
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

    static byte[] encodeEvent(String type, Object data) {
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
            roster.closeLocked();
        } finally {
            lock.unlock();
        }
        tail.close();
        for (Subscriber subscriber : live) {
            subscriber.close(null);
        }
        timers.shutdownNow();
        io.shutdown();
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

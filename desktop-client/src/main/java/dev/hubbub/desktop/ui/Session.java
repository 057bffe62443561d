package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.desktop.Settings;
import dev.hubbub.desktop.net.Calls;
import dev.hubbub.desktop.net.ChatConnection;
import dev.hubbub.desktop.net.ConnectionStatus;
import dev.hubbub.desktop.net.FileTransfers;
import dev.hubbub.desktop.net.Outbox;
import dev.hubbub.desktop.net.ReconnectDelay;
import dev.hubbub.desktop.net.RoomApi;
import dev.hubbub.desktop.net.ServerAddress;
import dev.hubbub.desktop.net.SessionClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import okhttp3.OkHttpClient;

/**
 * One person on one server, and the models the window draws: the places ({@link Places}), the people
 * ({@link People}) and the messages of the place shown ({@link Conversation}), fed by the stream
 * ({@link ChatConnection}), the history ({@link Pager}) and the messages on their way ({@link Outbox}). What the
 * person does goes to the server through {@link RoomApi}; its answers come back on the FX thread.
 *
 * <p>Signed in by a token when the server has names; every request it makes carries it. Network callbacks reach the
 * models only through the {@link UiQueue}. FX thread, except where a method says otherwise.
 */
public final class Session implements AutoCloseable {
    /** The person says they are typing at most this often. */
    static final int TYPING_EVERY_SECONDS = 3;

    private final String name;
    private final String token;
    private final ServerAddress server;
    private final UiQueue ui;
    private final ScheduledExecutorService scheduler;
    private final ChatConnection connection;
    private final Outbox outbox;
    private final RoomApi api;
    private final FileTransfers files;
    private final Places places;
    private final People people;
    private final Conversation conversation;
    private final Pager pager;
    private final Threads threads;
    private final Receipts receipts;
    private final Statuses statuses;
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.connecting());
    private final StringProperty roomName = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper host = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper removed = new ReadOnlyStringWrapper();
    private final UiQueue.Registration commits;
    /** Where what this session has read is kept between runs; null: nowhere. */
    private final Settings settings;
    /** The epoch of the server's history, from its hello; null before. */
    private String epoch;
    /** The id of the newest message the stream has brought. */
    private String lastHad;
    private Runnable onSignedOut = () -> { };
    private Drafts drafts;
    private AvatarPictures pictures;
    private Instant removalChecked = Instant.EPOCH;
    private Notifications notifications;
    /** Where and when this person last said they were typing. */
    private String typingIn;
    private Instant typingSent = Instant.EPOCH;

    /**
     * @param token the token this person is signed in with; null on a server without names (then the stream and
     *     the posts carry the name instead)
     * @param settings where to keep, between runs, what was read (unread counts, the last message had); null: nowhere
     */
    public Session(OkHttpClient http, ServerAddress server, String name, String token, UiQueue ui,
                   Settings settings) {
        this.name = name;
        this.settings = settings;
        this.token = token;
        this.server = server;
        this.ui = ui;
        OkHttpClient signedIn = SessionClient.signedIn(http, token);
        this.places = new Places(name);
        this.people = new People(name);
        this.conversation = new Conversation(name);
        this.roomName.set(server.hostAndPort());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hubbub-session");
            thread.setDaemon(true);
            return thread;
        });
        ReconnectDelay delay = ReconnectDelay.backoffWithJitter(Duration.ofSeconds(30),
                () -> ThreadLocalRandom.current().nextDouble());
        this.connection = new ChatConnection(signedIn, server, token == null ? name : null, new FromStream(), delay,
                scheduler, Clock.systemUTC());
        this.outbox = new Outbox(signedIn, server, connection::speaksHubbub, new Deliveries(), scheduler);
        this.api = new RoomApi(signedIn, server);
        this.files = new FileTransfers(signedIn, server);
        this.pager = new Pager(places, conversation, token == null ? null : api, ui, () -> epoch);
        this.threads = new Threads(name, token == null ? null : api, ui);
        this.receipts = new Receipts(name, token == null ? null : api, ui);
        this.statuses = new Statuses(name, token == null ? null : api, ui, people,
                () -> places.directPeople().values());
        this.commits = ui.atEndOfBatch(conversation::commit);
    }

    /**
     * Connects, and shows {@code general}. Resumes where the last run on this server stopped, if it kept that: the
     * stream then brings only what came since, counted as unread.
     */
    public void start() {
        if (settings != null) {
            ReadState.parse(settings.readOn(server.hostAndPort()).orElse(null)).ifPresent(kept -> {
                places.restore(kept.unread(), kept.directs());
                connection.resumeFrom(kept.epoch(), kept.lastMessageId());
                lastHad = kept.lastMessageId();
            });
        }
        connection.start();
        show(Places.GENERAL);
    }

    /** Where the app keeps what it remembers between runs; null when nowhere (tests, a server without names). */
    Settings settings() {
        return settings;
    }

    /** What was typed in each place here and not sent (FX thread only). */
    Drafts drafts() {
        if (drafts == null) {
            drafts = new Drafts(settings, server.hostAndPort());
        }
        return drafts;
    }

    public String name() {
        return name;
    }

    public ServerAddress server() {
        return server;
    }

    /** The places to talk, and which is shown. */
    public Places places() {
        return places;
    }

    /** Who is online, and who is typing. */
    public People people() {
        return people;
    }

    /** The messages of the place shown. */
    public Conversation conversation() {
        return conversation;
    }

    /** Where others read the place shown, and where this person did. */
    public Receipts receipts() {
        return receipts;
    }

    /** The window shows the newest message of the place shown to a reader who looks: the server hears it. */
    void seenNewest() {
        String newest = null;
        for (int i = conversation.messages().size() - 1; i >= 0 && newest == null; i--) {
            MessageItem row = conversation.messages().get(i);
            if (row.id() != null && row.kind() == MessageItem.Kind.MESSAGE) {
                newest = row.id();
            }
        }
        RoomApi.Of of = pager.of(places.active());
        // The server keeps where one read only in rooms one is in: a room looked at before joining is not told.
        if (!conversation.isLoadingNewest() && (of.room() == null || places.isJoined(of.room()))) {
            receipts.seen(places.active(), of, newest, Instant.now());
        }
    }

    /** People's statuses, and this person's own. */
    Statuses statuses() {
        return statuses;
    }

    /** The thread shown beside the conversation, and the threads this person follows. */
    public Threads threads() {
        return threads;
    }

    public ObjectProperty<ConnectionStatus> status() {
        return status;
    }

    public StringProperty roomName() {
        return roomName;
    }

    /**
     * What to do when the server no longer knows this session's token (its data was reset, or the token revoked):
     * sign in again.
     */
    public void onSignedOut(Runnable action) {
        onSignedOut = action;
    }

    /** What raises notifications for this session's messages; its levels mute places in the list. */
    void useNotifications(Notifications which) {
        notifications = which;
        which.holdWhile(statuses::holdingNotifications);
        places.muted(which::isMuted);
        which.onLevelsChanged(places::refresh);
    }

    Notifications notifications() {
        return notifications;
    }

    /** Whether this person is a host of the room (the stream's hello says so). */
    public ReadOnlyBooleanProperty host() {
        return host.getReadOnlyProperty();
    }

    /** Why this person may not come back (the host removed them); null while they are in. */
    public ReadOnlyStringProperty removed() {
        return removed.getReadOnlyProperty();
    }

    /** Whether this person is signed in (so can create rooms, write to people, link devices). */
    public boolean signedIn() {
        return token != null;
    }

    /** A request to {@code /host…} as this person; {@code done} hears the answer's body, or null and the reason. */
    public void hostRequest(String method, String path, Object body, BiConsumer<String, String> done) {
        answer(api.host(method, path, body), done);
    }

    /**
     * Exports the conversation shown ({@code json} or {@code html}: a page that needs no server) into {@code target};
     * {@code done} gets null, or why not.
     */
    public void export(String format, java.nio.file.Path target, Consumer<String> done) {
        done(api.export(pager.of(places.active()), format, target), done);
    }

    /** Sets this person's passphrase (null removes it); {@code done} gets null, or why not. */
    public void passphrase(String passphrase, Consumer<String> done) {
        done(api.passphrase(passphrase), done);
    }

    /** The devices this person is signed in on; or null and the reason. */
    public void devices(BiConsumer<java.util.List<Api.Device>, String> done) {
        answer(api.devices(), done);
    }

    /** Signs one of this person's devices out; {@code done} gets null, or why not. */
    public void signOutDevice(String id, Consumer<String> done) {
        done(api.signOutDevice(id), done);
    }

    /** What the host's console reads ({@code GET /host/people}, …), as {@code type}; or null and the reason. */
    public <T> void hostRead(String path, Class<T> type, BiConsumer<T, String> done) {
        answer(api.hostGet(path).thenApply(body -> ChatJson.read(body, type)), done);
    }

    /** {@link #hostRead} of a JSON list of {@code type}. */
    public <T> void hostReadList(String path, Class<T> type, BiConsumer<java.util.List<T>, String> done) {
        answer(api.hostGet(path).thenApply(body -> {
            try {
                return ChatJson.mapper().readValue(body, ChatJson.mapper().getTypeFactory()
                        .constructCollectionType(java.util.List.class, type));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), done);
    }

    /** Becomes the room's host with its host token (the app's own, when it hosts); then reconnects as host. */
    public void claimHost(String hostToken) {
        hostRequest("POST", "/host/claim", new Api.HostClaim(hostToken), (answer, reason) -> {
            if (answer != null) {
                host.set(true);
                connection.reconnectNow();
            } else {
                conversation.notice(t("app.notHost", "reason", reason));
            }
        });
    }

    /** The stream keeps failing: if the host removed this person, say so and stop trying. */
    private void checkStillIn() {
        Instant now = Instant.now();
        if (token == null || removed.get() != null || Duration.between(removalChecked, now).getSeconds() < 5) {
            return;
        }
        removalChecked = now;
        api.session().thenAccept(reply -> {
            if (reply.status() == 403) {
                String why = reply.sentence();
                ui.run(() -> {
                    removed.set(why);
                    connection.close();
                    conversation.notice(Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
                });
            }
        }); // not known when it fails: the stream keeps trying
    }

    /** Shows a place (a room's id, or {@code @} and a person's name key): its newest messages, then new ones. */
    public void show(String key) {
        show(key, () -> { });
    }

    private void show(String key, Runnable loaded) {
        people.shown(key);
        pager.show(key, loaded);
        receipts.shown(key, pager.of(key));
        if (threads.pinsShown().get() != null) {
            showPins();
        }
    }

    /** The room shown was deleted by the host: General is shown instead, and why, below its newest messages. */
    private void leaveDeletedRoom(String room) {
        show(Places.GENERAL, () -> conversation.notice(t("rooms.deleted", "room", room)));
    }

    /** Shows the direct conversation with {@code person}. */
    public void writeTo(String person) {
        show(places.directWith(person));
    }

    /**
     * Shows the message at once, marked pending, and sends it to the place shown when the connection allows.
     *
     * @throws dev.hubbub.chat.InvalidMessageException when the text breaks a rule (too long, control characters)
     */
    public void send(String text) {
        send(text, List.of());
    }

    /** The same, with files already uploaded ({@link #files()}). */
    public void send(String text, List<Attachment> files) {
        send(text, files, null);
    }

    /** The same, answering the message with id {@code replyTo} (null: none). */
    public void send(String text, List<Attachment> files, String replyTo) {
        String person = places.activePerson();
        String room = person == null && token != null ? places.active() : null;
        Outbox.Outgoing message = outbox.send(name, text, room, person, files, replyTo);
        conversation.pending(message.clientId(), message.author(), message.text(), message.files());
    }

    /**
     * Sends a reply in the thread shown (to its conversation too when {@code alsoInRoom}), with {@code files}
     * (uploaded already), answering the message with id {@code replyTo} (null: none): shown in the thread at once,
     * marked pending.
     *
     * @throws dev.hubbub.chat.InvalidMessageException when the text breaks a rule
     */
    public void sendInThread(String text, List<Attachment> files, boolean alsoInRoom, String replyTo) {
        ChatMessage root = threads.root().get();
        if (root == null) {
            return;
        }
        String person = otherIn(root);
        String room = person == null ? root.room() : null;
        Outbox.Outgoing message = outbox.send(name, text, room, person, files, replyTo, root.id(), alsoInRoom);
        threads.conversation().pending(message.clientId(), message.author(), message.text(), message.files());
    }

    /** The other person of a direct message's conversation (to write there); null for a message in a room. */
    private String otherIn(ChatMessage message) {
        return message.to() == null ? null : message.author().equalsIgnoreCase(name) ? message.to() : message.author();
    }

    /** Sends a failed message again (from the conversation, or the thread shown). */
    public void retry(MessageItem item) {
        if (threads.conversation().messages().contains(item)) {
            threads.conversation().retrying(item.clientId());
            ChatMessage root = threads.root().get();
            if (root != null) {
                String person = otherIn(root);
                outbox.retry(new Outbox.Outgoing(item.clientId(), item.author(), item.text(),
                        person == null ? root.room() : null, person, item.files(), null, root.id(), false));
            }
            return;
        }
        conversation.retrying(item.clientId());
        String person = places.activePerson();
        String room = person == null && token != null ? places.active() : null;
        outbox.retry(new Outbox.Outgoing(item.clientId(), item.author(), item.text(), room, person, item.files()));
    }

    /**
     * Edits one of our messages; {@code done} hears null once the server has it (the stream then brings the edit),
     * or the server's reason why not.
     */
    public void edit(String id, String text, Consumer<String> done) {
        done(api.edit(id, text), done);
    }

    /** Deletes one of our messages (or, as the host, someone's in a room); {@code done} as for {@link #edit}. */
    public void delete(String id, Consumer<String> done) {
        done(api.delete(id), done);
    }

    /** Adds ({@code add}) or takes back a reaction under a message; {@code done} as for {@link #edit}. */
    public void react(String id, String emoji, boolean add, Consumer<String> done) {
        done(api.react(id, emoji, add), done);
    }

    /** Pins a message to its conversation ({@code pin}) or takes its pin away; {@code done} as for {@link #edit}. */
    public void pin(String id, boolean pin, Consumer<String> done) {
        done(api.pin(id, pin), done);
    }

    /** The side panel shows the pinned messages of the place shown. */
    public void showPins() {
        threads.showPins(pager.of(places.active()), places.labelOf(places.active()));
    }

    /** Searches the messages this person may read; {@code done} hears the results, or null and the reason. */
    public void search(String words, BiConsumer<Api.SearchResults, String> done) {
        answer(api.search(words), done);
    }

    /**
     * Brings a message into view: in {@code place} (shown first if another is), loading older pages until it is
     * there. {@code notFound} runs when the history no longer has it.
     */
    public void reveal(String place, String id, Runnable notFound) {
        if (!place.equals(places.active())) {
            people.shown(place);
        }
        pager.reveal(place, id, notFound);
    }

    /** The place for a message: its room, or the direct conversation with the other person. */
    public String placeOf(ChatMessage message) {
        return places.placeOf(message);
    }

    /**
     * The person is typing in the place shown: the others are told, at most every {@value #TYPING_EVERY_SECONDS}
     * seconds (a failure is of no consequence, and ignored).
     */
    public void typing() {
        Instant now = Instant.now();
        String place = places.active();
        if (token == null || place.equals(typingIn)
                && Duration.between(typingSent, now).getSeconds() < TYPING_EVERY_SECONDS) {
            return;
        }
        typingIn = place;
        typingSent = now;
        String person = places.activePerson();
        api.typing(person != null ? new StreamEvents.TypingIn(null, person) : new StreamEvents.TypingIn(place, null));
    }

    /** Uploads and downloads, signed in as this session. */
    public FileTransfers files() {
        return files;
    }

    /** Whether a page of older messages is on its way. */
    public ReadOnlyBooleanProperty loadingOlder() {
        return pager.loadingOlder();
    }

    /** Asks the server for the messages before the oldest shown (unless on their way, or there are none). */
    public void loadOlder() {
        pager.loadOlder();
    }

    /** Creates a room and shows it; {@code done} hears null once it is there, or the server's reason why not. */
    public void createRoom(String roomName, Consumer<String> done) {
        answer(api.createRoom(roomName), (room, reason) -> {
            if (room != null) {
                places.roomChanged(room);
                places.membership(new Api.Membership(room.id(), true, false, false));
                show(room.id());
            }
            done.accept(reason);
        });
    }

    /**
     * Makes a picture file this person's picture (uploaded first, as a message's file is), or with null goes back to
     * their initials; {@code done} gets null, or why not in a sentence, on the FX thread.
     */
    public void setPicture(java.nio.file.Path file, Consumer<String> done) {
        CompletableFuture<String> set;
        try {
            set = file == null ? api.picture(null)
                    : files.upload(file, file.getFileName().toString(), null, progress -> { }).result()
                    .thenCompose(uploaded -> api.picture(uploaded.id()));
        } catch (java.io.IOException e) {
            done.accept(t("app.notRead", "name", file.getFileName(), "reason", e.getMessage()));
            return;
        }
        done(set, reason -> {
            if (reason == null && pictures != null) {
                pictures.forget(name);
            }
            done.accept(reason);
        });
    }

    /** The pictures people set, for the list to draw (made on first use; FX thread). */
    AvatarPictures pictures(Runnable changed) {
        if (pictures == null) {
            pictures = new AvatarPictures(files, ui, changed);
        }
        return pictures;
    }

    /** A code another device can sign in with as this person, or why there is none, in a sentence. */
    public void linkCode(Consumer<String> done) {
        answer(api.linkCode(), (code, reason) -> done.accept(code != null
                ? t("app.linkCode", "code", code.code(), "minutes", minutesLeft(code))
                : t("app.noCode", "reason", reason)));
    }

    private static long minutesLeft(Api.LinkCode code) {
        return Math.max(1, Duration.between(Instant.now(), code.expiresAt()).toMinutes() + 1);
    }

    /** Hands an answer, or the reason there is none, to {@code done} on the FX thread. */
    private <T> void answer(CompletableFuture<T> request, BiConsumer<T, String> done) {
        request.whenComplete((value, failure) -> ui.run(() -> done.accept(failure == null ? value : null,
                failure == null ? null : Calls.reason(failure))));
    }

    private void done(CompletableFuture<?> request, Consumer<String> done) {
        answer(request, (value, reason) -> done.accept(reason));
    }

    /** The room browser: every room (or those {@code words} find) with its topic, members and the reader's marks. */
    public void browseRooms(String words, BiConsumer<Api.RoomDirectory, String> done) {
        answer(api.rooms(words), done);
    }

    /** Joins a room or sets its marks (null: as it is); {@code done} gets null, or why not. */
    public void join(String room, Boolean starred, Boolean hidden, Consumer<String> done) {
        answer(api.membership(room, true, starred, hidden), (membership, reason) -> {
            if (membership != null) {
                places.membership(membership);
            }
            done.accept(reason);
        });
    }

    /** Leaves a room; back in General when it was shown. */
    public void leave(String room, Consumer<String> done) {
        answer(api.membership(room, false, null, null), (membership, reason) -> {
            if (membership != null) {
                places.membership(membership);
                if (room.equals(places.active())) {
                    show(Places.GENERAL);
                }
            }
            done.accept(reason);
        });
    }

    /** Sets a room's topic ({@code ""} clears it). */
    public void setTopic(String room, String topic, Consumer<String> done) {
        answer(api.topic(room, topic), (set, reason) -> {
            if (set != null) {
                places.topic(set.room(), set.topic());
            }
            done.accept(reason);
        });
    }

    /** A page of the people directory. */
    public void people(String words, String after, BiConsumer<Api.People, String> done) {
        answer(api.people(words, after, 100), done);
    }

    /** Which rooms the reader is in, and the rooms' topics: asked again each time the stream starts. */
    private void loadRooms() {
        if (token == null) {
            return;
        }
        places.loadingMemberships();
        api.memberships().whenComplete((mine, failure) -> ui.run(() -> {
            if (mine != null) {
                places.memberships(mine.rooms());
            }
        }));
        api.rooms(null).whenComplete((all, failure) -> ui.run(() -> {
            if (all != null) {
                all.rooms().forEach(room -> places.topic(room.id(), room.topic()));
            }
        }));
    }

    /** Reconnects at once instead of waiting for the next attempt. */
    public void reconnectNow() {
        connection.reconnectNow();
    }

    /** Stops, keeping what was read for the next run. */
    @Override
    public void close() {
        if (drafts != null) {
            drafts.save();
        }
        if (settings != null && epoch != null && lastHad != null) {
            settings.rememberRead(server.hostAndPort(), new ReadState(epoch, lastHad, places.unreadCounts(),
                    places.directPeople()).toJson());
        }
        commits.close();
        connection.close();
        scheduler.shutdownNow();
    }

    /** Whether the reader sees the thread of {@code rootId} now: the panel shows it, in a window that has focus. */
    private boolean lookingAtThread(String rootId) {
        return rootId.equals(threads.shown().get()) && (notifications == null || notifications.windowFocused());
    }

    /**
     * A message from the stream: to the window if its place is shown, else counted unseen there. A reply in a thread
     * goes to its thread (and to its place too when it was also sent there).
     */
    private void received(ChatMessage message) {
        boolean raisedByThread = false;
        String place = places.placeOf(message);
        people.wrote(place, message.author(), Instant.now());
        lastHad = message.id();
        if (message.isInThread()) {
            String rootId = message.thread().root();
            if (place.equals(places.active())) {
                conversation.threadChanged(rootId, message.thread());
            }
            boolean looking = lookingAtThread(rootId);
            boolean followed = threads.follows(rootId);
            threads.replyArrived(message, looking);
            raisedByThread = followed || notifications != null && notifications.isForMe(message);
            if (notifications != null && raisedByThread) {
                notifications.receivedInThread(message, place, places.labelOf(place), followed,
                        rootId.equals(threads.shown().get()), Instant.now());
            }
            if (!message.alsoInRoom()) {
                return;
            }
        }
        boolean shown = place.equals(places.active());
        // A room the reader is not in is quiet: nothing counts, nothing notifies (they may look at it, or join it).
        boolean quiet = message.to() == null && !places.isJoined(place);
        if (shown) {
            conversation.received(message);
        } else if (!message.author().equalsIgnoreCase(name) && !message.notice() && !quiet) {
            places.unseen(place);
        }
        if (notifications != null && !raisedByThread && !quiet) {
            // A reply also sent here was raised by its thread when it was news of one followed (or for the reader).
            notifications.received(message, place, places.labelOf(place), shown, Instant.now());
        }
    }

    /** The stream's events, each handed to the FX thread and to the model it changes. Threads: the stream's. */
    private final class FromStream implements ChatConnection.Listener {
        @Override
        public void onStatus(ConnectionStatus newStatus) {
            outbox.setOnline(newStatus.state() == ConnectionStatus.State.CONNECTED);
            ui.run(() -> {
                status.set(newStatus);
                if (newStatus.state() == ConnectionStatus.State.RECONNECTING) {
                    checkStillIn();
                }
            });
        }

        @Override
        public void onHello(StreamEvents.Hello hello) {
            ui.run(() -> {
                roomName.set(hello.room());
                epoch = hello.epoch();
                threads.loadFollowed();
                loadRooms();
                host.set(hello.host());
                String gone = places.rooms(hello.rooms());
                if (gone != null) {
                    leaveDeletedRoom(gone);
                }
                if (token != null && hello.you() == null) {
                    drafts().forget();
                    onSignedOut.run();
                }
            });
        }

        @Override
        public void onMembership(Api.Membership membership) {
            ui.run(() -> places.membership(membership));
        }

        @Override
        public void onTopic(Api.Topic topic) {
            ui.run(() -> places.topic(topic.room(), topic.topic()));
        }

        @Override
        public void onRoom(StreamEvents.RoomInfo room) {
            ui.run(() -> {
                if (places.roomChanged(room)) {
                    leaveDeletedRoom(room.name());
                }
            });
        }

        @Override
        public void onHistoryReset() {
            ui.run(() -> {
                lastHad = null;
                places.reset();
                conversation.reset();
                conversation.notice(t("app.historyReset"));
            });
        }

        @Override
        public void onPresence(List<String> online) {
            ui.run(() -> {
                people.presence(online);
                // Once per stream start, right after the hello: whose statuses to ask for is known now.
                statuses.load();
            });
        }

        @Override
        public void onJoin(String person) {
            ui.run(() -> people.joined(person));
        }

        @Override
        public void onLeave(String person) {
            ui.run(() -> people.left(person));
        }

        @Override
        public void onMessage(ChatMessage message) {
            ui.run(() -> received(message));
        }

        @Override
        public void onTyping(StreamEvents.Typing typing) {
            ui.run(() -> people.typing(typing, Instant.now()));
        }

        @Override
        public void onChange(StreamEvents.Change change) {
            ui.run(() -> {
                conversation.changed(change);
                threads.conversation().changed(change);
                if (change instanceof StreamEvents.PinChange pin && pin.message() != null
                        && places.placeOf(pin.message()).equals(places.active())) {
                    threads.pinsChanged();
                }
                lastHad = change.id();
            });
        }

        @Override
        public void onReads(StreamEvents.Reads reads) {
            ui.run(() -> {
                String place = reads.room();
                if (place.startsWith("dm:")) {
                    String other = reads.readers().keySet().stream()
                            .filter(person -> !person.equalsIgnoreCase(name)).findFirst().orElse(null);
                    if (other == null) {
                        return;
                    }
                    place = "@" + dev.hubbub.chat.Names.key(other);
                }
                receipts.arrived(place, reads);
            });
        }

        @Override
        public void onPersonStatus(StreamEvents.StatusChange change) {
            ui.run(() -> statuses.arrived(change, Instant.now()));
        }

        @Override
        public void onFollowing(StreamEvents.Following following) {
            ui.run(() -> threads.followingChanged(following));
        }

        @Override
        public void onLine(String id, String line) {
            ui.run(() -> conversation.receivedLine(line));
        }

        @Override
        public void onGap(StreamEvents.Gap gap) {
            ui.run(() -> show(places.active()));
        }
    }

    private final class Deliveries implements Outbox.Listener {
        @Override
        public void sent(Outbox.Outgoing message, String id, Instant sentAt) {
            ui.run(() -> (message.thread() != null ? threads.conversation() : conversation)
                    .acknowledged(message.clientId(), id, sentAt));
        }

        @Override
        public void failed(Outbox.Outgoing message, String reason) {
            ui.run(() -> (message.thread() != null ? threads.conversation() : conversation)
                    .failed(message.clientId(), reason));
        }
    }
}

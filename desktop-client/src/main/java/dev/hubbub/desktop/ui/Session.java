package dev.hubbub.desktop.ui;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.desktop.Settings;
import dev.hubbub.desktop.net.ChatConnection;
import dev.hubbub.desktop.net.ConnectionStatus;
import dev.hubbub.desktop.net.HistoryClient;
import dev.hubbub.desktop.net.FileTransfers;
import dev.hubbub.desktop.net.Outbox;
import dev.hubbub.desktop.net.ReconnectDelay;
import dev.hubbub.desktop.net.ServerAddress;
import dev.hubbub.desktop.net.SessionClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jetbrains.annotations.NotNull;

/**
 * One person on one server: the stream ({@link ChatConnection}), the messages on their way ({@link Outbox}) and what
 * the window shows ({@link Conversation}: the places, the one shown, the connection status, the server's name).
 * Signed in by a token when the server has names; every request it makes carries it. Network callbacks reach the
 * FX-thread state only through the {@link UiQueue}.
 */
public final class Session implements AutoCloseable {
    /** Messages asked of the server's history at a time. */
    static final int HISTORY_PAGE = 100;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final String name;
    private final String token;
    private final ServerAddress server;
    private final OkHttpClient http;
    private final UiQueue ui;
    private final ScheduledExecutorService scheduler;
    private final ChatConnection connection;
    private final Outbox outbox;
    private final Conversation conversation;
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.connecting());
    private final StringProperty roomName = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper loadingOlder = new ReadOnlyBooleanWrapper();
    private final HistoryClient history;
    private final FileTransfers files;
    static final int TYPING_EVERY_SECONDS = 3;
    /** Where and when this person last said they were typing; FX thread. */
    private String typingIn;
    private Instant typingSent = Instant.EPOCH;
    private final UiQueue.Registration commits;
    private String epoch;
    /** Where what this session has read is kept between runs; null: nowhere. */
    private final Settings settings;
    /** The id of the newest message the conversation has had; FX thread. */
    private String lastHad;
    private Runnable onSignedOut = () -> { };
    private final javafx.beans.property.ReadOnlyBooleanWrapper host = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final javafx.beans.property.ReadOnlyStringWrapper removed =
            new javafx.beans.property.ReadOnlyStringWrapper();
    private Instant removalChecked = Instant.EPOCH;
    private Notifications notifications;
    /** Bumped at each change of place, so a page asked for another place is dropped. */
    private int shown;

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
        this.http = SessionClient.signedIn(http, token);
        this.ui = ui;
        this.conversation = new Conversation(name);
        this.roomName.set(server.hostAndPort());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hubbub-session");
            thread.setDaemon(true);
            return thread;
        });
        ReconnectDelay delay = ReconnectDelay.backoffWithJitter(Duration.ofSeconds(30),
                () -> ThreadLocalRandom.current().nextDouble());
        this.connection = new ChatConnection(this.http, server, token == null ? name : null, new FromStream(), delay,
                scheduler, Clock.systemUTC());
        this.outbox = new Outbox(this.http, server, connection::speaksHubbub, new Deliveries(), scheduler);
        this.history = new HistoryClient(this.http, server);
        this.files = new FileTransfers(this.http, server);
        this.commits = ui.atEndOfBatch(conversation::commit);
    }

    /**
     * Connects, and shows {@code general}. Resumes where the last run on this server stopped, if it kept that: the
     * stream then brings only what came since, counted as unread. FX thread.
     */
    public void start() {
        if (settings != null) {
            ReadState.parse(settings.readOn(server.hostAndPort()).orElse(null)).ifPresent(kept -> {
                conversation.restore(kept.unread(), kept.directs());
                connection.resumeFrom(kept.epoch(), kept.lastMessageId());
                lastHad = kept.lastMessageId();
            });
        }
        connection.start();
        show(Conversation.GENERAL);
    }

    public String name() {
        return name;
    }

    public ServerAddress server() {
        return server;
    }

    public Conversation conversation() {
        return conversation;
    }

    public ObjectProperty<ConnectionStatus> status() {
        return status;
    }

    public StringProperty roomName() {
        return roomName;
    }

    /**
     * What to do when the server no longer knows this session's token (its data was reset, or the token revoked):
     * sign in again. FX thread.
     */
    public void onSignedOut(Runnable action) {
        onSignedOut = action;
    }

    /**
     * What raises notifications for this session's messages; its levels mute places in the list. FX thread.
     */
    void useNotifications(Notifications which) {
        notifications = which;
        conversation.muted(which::isMuted);
        which.onLevelsChanged(conversation::refreshPlaces);
    }

    Notifications notifications() {
        return notifications;
    }

    /** Whether this person is a host of the room (the stream's hello says so). */
    public javafx.beans.property.ReadOnlyBooleanProperty host() {
        return host.getReadOnlyProperty();
    }

    /** Why this person may not come back (the host removed them); null while they are in. */
    public javafx.beans.property.ReadOnlyStringProperty removed() {
        return removed.getReadOnlyProperty();
    }

    /**
     * A request to {@code /host…} as this person; {@code done} hears the answer's body, or null and the server's
     * reason. FX thread for {@code done}.
     */
    public void hostRequest(String method, String path, Object body,
                            java.util.function.BiConsumer<String, String> done) {
        Request request = new Request.Builder().url(server.base().resolve(path.substring(1)))
                .method(method, body == null && method.equals("GET") ? null
                        : RequestBody.create(body == null ? "{}" : ChatJson.write(body), JSON)).build();
        call(request).whenComplete((answer, failure) -> ui.run(() -> {
            if (failure == null) {
                done.accept(answer, null);
            } else {
                done.accept(null, (failure.getCause() != null ? failure.getCause() : failure).getMessage());
            }
        }));
    }

    /** Becomes the room's host with its host token (the app's own, when it hosts); then reconnects as host. */
    public void claimHost(String hostToken) {
        hostRequest("POST", "/host/claim", new Api.HostClaim(hostToken), (answer, reason) -> {
            if (answer != null) {
                host.set(true);
                connection.reconnectNow();
            } else {
                conversation.notice("Could not become the host: " + reason);
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
        http.newCall(new Request.Builder().url(server.base().resolve("session")).build()).enqueue(new Callback() {
            @Override
            public void onFailure(@NotNull Call call, @NotNull IOException e) {
            }

            @Override
            public void onResponse(@NotNull Call call, @NotNull Response response) {
                try (response) {
                    if (response.code() == 403) {
                        String why = response.peekBody(4096).string().strip();
                        ui.run(() -> {
                            removed.set(why);
                            connection.close();
                            conversation.notice(Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
                        });
                    }
                } catch (IOException e) {
                    // not known: the stream keeps trying
                }
            }
        });
    }

    /** Whether this person is signed in (so can create rooms, write to people, link devices). */
    public boolean signedIn() {
        return token != null;
    }

    /** The room shown was deleted by the host: General is shown instead, and why, below its newest messages. */
    private void leaveDeletedRoom(String name) {
        show(Conversation.GENERAL, () -> conversation.notice("The host deleted # " + name + " and its messages."));
    }

    /** Shows a place (a room's id, or {@code @} and a person's name key): its newest messages, then new ones. */
    public void show(String key) {
        show(key, () -> { });
    }

    /** The same, then (on the FX thread, once the newest messages are shown) {@code loaded}. */
    private void show(String key, Runnable loaded) {
        conversation.show(key);
        int asked = ++shown;
        if (token == null) {
            conversation.newestLoaded(List.of(), false);
            loaded.run();
            return;
        }
        history.newest(of(key), HISTORY_PAGE).whenComplete((page, failure) -> ui.run(() -> {
            if (asked == shown) {
                conversation.newestLoaded(failure == null && page.epoch().equals(epochOr(page)) ? page.messages()
                        : List.of(), failure == null && page.more());
                loaded.run();
                continueRevealing();
            }
        }));
    }

    /** Shows the direct conversation with {@code person}. FX thread. */
    public void writeTo(String person) {
        show(conversation.directWith(person));
    }

    private String epochOr(HistoryPage page) {
        return epoch == null ? page.epoch() : epoch;
    }

    private HistoryClient.Of of(String key) {
        String person = key.equals(conversation.active()) ? conversation.activePerson() : null;
        return key.startsWith("@") ? HistoryClient.Of.person(person != null ? person : key.substring(1))
                : HistoryClient.Of.room(key);
    }

    /**
     * Shows the message at once, marked pending, and sends it to the place shown when the connection allows. FX
     * thread.
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
        String person = conversation.activePerson();
        String room = person == null && token != null ? conversation.active() : null;
        Outbox.Outgoing message = outbox.send(name, text, room, person, files, replyTo);
        conversation.pending(message.clientId(), message.author(), message.text(), message.files());
    }

    /**
     * Edits one of our messages; {@code done} hears null once the server has it (the stream then brings the edit),
     * or the server's reason why not. {@code done} runs on the FX thread.
     */
    public void edit(String id, String text, Consumer<String> done) {
        change(new Request.Builder().url(messageUrl(id, ""))
                .patch(RequestBody.create(ChatJson.write(new Api.EditText(text)), JSON)).build(), done);
    }

    /** Deletes one of our messages; {@code done} as for {@link #edit}. */
    public void delete(String id, Consumer<String> done) {
        change(new Request.Builder().url(messageUrl(id, "")).delete().build(), done);
    }

    /** Adds ({@code add}) or takes back a reaction under a message; {@code done} as for {@link #edit}. */
    public void react(String id, String emoji, boolean add, Consumer<String> done) {
        Request request = add
                ? new Request.Builder().url(messageUrl(id, "/reactions"))
                        .post(RequestBody.create(ChatJson.write(new Api.NewReaction(emoji)), JSON)).build()
                : new Request.Builder().url(messageUrl(id, "/reactions/" + emoji)).delete().build();
        change(request, done);
    }

    private okhttp3.HttpUrl messageUrl(String id, String rest) {
        okhttp3.HttpUrl.Builder url = server.base().resolve("chat").newBuilder()
                .addPathSegment(id);
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                url.addPathSegment(segment);
            }
        }
        return url.build();
    }

    private void change(Request request, Consumer<String> done) {
        call(request).whenComplete((body, failure) -> ui.run(() -> done.accept(failure == null ? null
                : (failure.getCause() != null ? failure.getCause() : failure).getMessage())));
    }

    /**
     * Searches the messages this person may read ({@code GET /search}); {@code done} hears the results, or null and
     * the reason. FX thread for {@code done}.
     */
    public void search(String words, java.util.function.BiConsumer<Api.SearchResults, String> done) {
        okhttp3.HttpUrl url = server.base().resolve("search").newBuilder()
                .addQueryParameter("q", words).build();
        call(new Request.Builder().url(url).build()).whenComplete((body, failure) -> ui.run(() -> {
            if (failure != null) {
                done.accept(null, (failure.getCause() != null ? failure.getCause() : failure).getMessage());
            } else {
                done.accept(ChatJson.read(body, Api.SearchResults.class), null);
            }
        }));
    }

    /**
     * Brings a message into view: in the place shown ({@code place}; shown first if another is), loading older
     * pages until it is there. {@code notFound} runs when the history no longer has it. FX thread.
     */
    public void reveal(String place, String id, Runnable notFound) {
        if (!place.equals(conversation.active())) {
            show(place);
        }
        revealing = id;
        revealNotFound = notFound;
        revealPages = 0;
        continueRevealing();
    }

    private String revealing;
    private Runnable revealNotFound;
    private int revealPages;

    /** Looks for the message being revealed; asks for an older page when it is not there yet. */
    private void continueRevealing() {
        if (revealing == null || conversation.isLoadingNewest() || loadingOlder.get()) {
            return;
        }
        if (conversation.indexOf(revealing) >= 0) {
            conversation.reveal(revealing);
            revealing = null;
        } else if (!conversation.hasOlder().get() || ++revealPages > 50 || token == null) {
            revealing = null;
            revealNotFound.run();
        } else {
            loadOlder();
        }
    }

    /** The place for a message: its room, or the direct conversation with the other person. FX thread. */
    public String placeOf(ChatMessage message) {
        if (message.to() == null) {
            return message.room();
        }
        return conversation.directWith(dev.hubbub.chat.Names.key(message.author())
                .equals(dev.hubbub.chat.Names.key(name)) ? message.to() : message.author());
    }

    /**
     * The person is typing in the place shown: the others are told, at most every {@value #TYPING_EVERY_SECONDS}
     * seconds (a failure is of no consequence, and ignored). FX thread.
     */
    public void typing() {
        Instant now = Instant.now();
        String place = conversation.active();
        if (token == null || place == null || place.equals(typingIn)
                && Duration.between(typingSent, now).getSeconds() < TYPING_EVERY_SECONDS) {
            return;
        }
        typingIn = place;
        typingSent = now;
        String person = conversation.activePerson();
        String json = person != null ? ChatJson.write(new StreamEvents.TypingIn(null, person))
                : ChatJson.write(new StreamEvents.TypingIn(place, null));
        http.newCall(new Request.Builder().url(server.base().resolve("typing"))
                .post(RequestBody.create(json, JSON)).build()).enqueue(new Callback() {
                    @Override
                    public void onFailure(@NotNull Call call, @NotNull IOException e) {
                    }

                    @Override
                    public void onResponse(@NotNull Call call, @NotNull Response response) {
                        response.close();
                    }
                });
    }

    /** Uploads and downloads, signed in as this session. */
    public FileTransfers files() {
        return files;
    }

    /** Sends a failed message again. FX thread. */
    public void retry(MessageItem item) {
        conversation.retrying(item.clientId());
        String person = conversation.activePerson();
        String room = person == null && token != null ? conversation.active() : null;
        outbox.retry(new Outbox.Outgoing(item.clientId(), item.author(), item.text(), room, person, item.files()));
    }

    /** Whether a page of older messages is on its way. */
    public ReadOnlyBooleanProperty loadingOlder() {
        return loadingOlder.getReadOnlyProperty();
    }

    /**
     * Asks the server for the messages before the oldest shown, unless they are on their way already, there are
     * none, or the server keeps no history to ask. FX thread.
     */
    public void loadOlder() {
        String before = conversation.oldestId();
        if (loadingOlder.get() || !conversation.hasOlder().get() || before == null || token == null) {
            return;
        }
        loadingOlder.set(true);
        int asked = shown;
        String askedInEpoch = epoch;
        history.before(of(conversation.active()), before, HISTORY_PAGE).whenComplete((page, failure) -> ui.run(() -> {
            loadingOlder.set(false);
            if (failure == null && asked == shown && page.epoch().equals(askedInEpoch)) {
                conversation.olderLoaded(page.messages(), page.more());
                continueRevealing();
            } else if (revealing != null) {
                revealing = null;
                revealNotFound.run();
            }
        }));
    }

    /**
     * Creates a room and shows it; {@code done} hears null once it is there, or the server's reason why not. Any
     * thread; {@code done} runs on the FX thread.
     */
    public void createRoom(String roomName, Consumer<String> done) {
        Request request = new Request.Builder().url(server.base().resolve("rooms"))
                .post(RequestBody.create(ChatJson.write(new Api.NewRoom(roomName)), JSON)).build();
        call(request).whenComplete((body, failure) -> ui.run(() -> {
            if (failure != null) {
                done.accept(failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
                return;
            }
            StreamEvents.RoomInfo room = ChatJson.read(body, StreamEvents.RoomInfo.class);
            conversation.roomChanged(room);
            show(room.id());
            done.accept(null);
        }));
    }

    /** A code another device can sign in with as this person. {@code done} runs on the FX thread. */
    public void linkCode(Consumer<String> done) {
        new SessionClient(http).linkCode(server, token).whenComplete((code, failure) -> ui.run(() -> done.accept(
                failure == null ? code.code() + " (works once, for " + minutesLeft(code) + " minutes)"
                        : "No code: " + (failure.getCause() != null ? failure.getCause() : failure).getMessage())));
    }

    private static long minutesLeft(Api.LinkCode code) {
        return Math.max(1, Duration.between(Instant.now(), code.expiresAt()).toMinutes() + 1);
    }

    private CompletableFuture<String> call(Request request) {
        CompletableFuture<String> result = new CompletableFuture<>();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(@NotNull Call call, @NotNull IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(@NotNull Call call, @NotNull Response response) {
                try (response) {
                    String body = response.peekBody(64 * 1024).string();
                    if (response.isSuccessful()) {
                        result.complete(body);
                    } else {
                        result.completeExceptionally(new IOException(body.strip()));
                    }
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    /** Reconnects at once instead of waiting for the next attempt. */
    public void reconnectNow() {
        connection.reconnectNow();
    }

    /** Stops, keeping what was read for the next run. FX thread. */
    @Override
    public void close() {
        if (settings != null && epoch != null && lastHad != null) {
            settings.rememberRead(server.hostAndPort(), new ReadState(epoch, lastHad, conversation.unreadCounts(),
                    conversation.directPeople()).toJson());
        }
        commits.close();
        connection.close();
        scheduler.shutdownNow();
    }

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
                host.set(hello.host());
                String gone = conversation.rooms(hello.rooms());
                if (gone != null) {
                    leaveDeletedRoom(gone);
                }
                if (token != null && hello.you() == null) {
                    onSignedOut.run();
                }
            });
        }

        @Override
        public void onRoom(StreamEvents.RoomInfo room) {
            ui.run(() -> {
                if (conversation.roomChanged(room)) {
                    leaveDeletedRoom(room.name());
                }
            });
        }

        @Override
        public void onHistoryReset() {
            ui.run(() -> {
                lastHad = null;
                conversation.reset();
                conversation.notice("The server's history was reset; showing its newest messages.");
            });
        }

        @Override
        public void onPresence(List<String> online) {
            ui.run(() -> conversation.presence(online));
        }

        @Override
        public void onJoin(String person) {
            ui.run(() -> conversation.joined(person));
        }

        @Override
        public void onLeave(String person) {
            ui.run(() -> conversation.left(person));
        }

        @Override
        public void onMessage(ChatMessage message) {
            ui.run(() -> {
                conversation.received(message);
                lastHad = message.id();
                if (notifications != null) {
                    String place = placeOf(message);
                    notifications.received(message, place, conversation.labelOf(place),
                            place.equals(conversation.active()), Instant.now());
                }
            });
        }

        @Override
        public void onTyping(StreamEvents.Typing typing) {
            ui.run(() -> conversation.typing(typing, Instant.now()));
        }

        @Override
        public void onChange(StreamEvents.Change change) {
            ui.run(() -> {
                conversation.changed(change);
                lastHad = change.id();
            });
        }

        @Override
        public void onLine(String id, String line) {
            ui.run(() -> conversation.receivedLine(line));
        }

        @Override
        public void onGap(StreamEvents.Gap gap) {
            ui.run(() -> show(conversation.active()));
        }
    }

    private final class Deliveries implements Outbox.Listener {
        @Override
        public void sent(Outbox.Outgoing message, String id, Instant sentAt) {
            ui.run(() -> conversation.acknowledged(message.clientId(), id, sentAt));
        }

        @Override
        public void failed(Outbox.Outgoing message, String reason) {
            ui.run(() -> conversation.failed(message.clientId(), reason));
        }
    }
}

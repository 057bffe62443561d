package dev.hubbub.desktop.net;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * What the app asks of a room once it is in, as one person (their token rides on every request through the
 * client it is given): pages of history, changes to messages, typing, search, new rooms, the host's actions, link
 * codes, and whether the person is still let in. Each answer is a future; a refusal fails it with the server's
 * sentence ({@link Calls.Refusal}). The stream and the posts have classes of their own ({@link ChatConnection},
 * {@link Outbox}), as do uploads and downloads ({@link FileTransfers}).
 *
 * <p>Threads: any; the futures complete on OkHttp's threads.
 */
public final class RoomApi {
    /** Far more than a page of 500 messages of 4000 characters; a server that sends more is not believed. */
    static final long MAX_REPLY_BYTES = 16L * 1024 * 1024;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;
    private final ServerAddress server;

    /** @param http a client that signs every request in as the person (or not, without a token) */
    public RoomApi(OkHttpClient http, ServerAddress server) {
        this.http = http;
        this.server = server;
    }

    /**
     * Which conversation: a room by its id, or the direct conversation with a person by their name; or a thread, by
     * its root's id.
     */
    public record Of(String room, String with, String thread) {
        public static Of room(String id) {
            return new Of(id, null, null);
        }

        public static Of person(String name) {
            return new Of(null, name, null);
        }

        public static Of thread(String root) {
            return new Of(null, null, root);
        }
    }

    /** The {@code limit} messages of a conversation before {@code id}, oldest first. */
    public CompletableFuture<HistoryPage> before(Of conversation, String id, int limit) {
        return page(history(conversation).addQueryParameter("before", id)
                .addQueryParameter("limit", Integer.toString(limit)).build());
    }

    /** The newest {@code limit} messages of a conversation. */
    public CompletableFuture<HistoryPage> newest(Of conversation, int limit) {
        return page(history(conversation).addQueryParameter("limit", Integer.toString(limit)).build());
    }

    private HttpUrl.Builder history(Of conversation) {
        HttpUrl.Builder url = server.history().newBuilder();
        return conversation.thread() != null ? url.addQueryParameter("thread", conversation.thread())
                : conversation.with() != null ? url.addQueryParameter("with", conversation.with())
                : url.addQueryParameter("room", conversation.room());
    }

    private CompletableFuture<HistoryPage> page(HttpUrl url) {
        return get(url).thenApply(body -> ChatJson.read(body, HistoryPage.class));
    }

    /** Edits one of the person's messages. */
    public CompletableFuture<String> edit(String id, String text) {
        return send("PATCH", message(id), new Api.EditText(text));
    }

    /** Deletes a message (the person's own, or as the host someone's in a room). */
    public CompletableFuture<String> delete(String id) {
        return send("DELETE", message(id), null);
    }

    /** Adds ({@code add}) or takes back a reaction under a message. */
    public CompletableFuture<String> react(String id, String emoji, boolean add) {
        return add ? send("POST", message(id, "reactions"), new Api.NewReaction(emoji))
                : send("DELETE", message(id, "reactions", emoji), null);
    }

    /** Says the person is typing in a room or to someone. */
    public CompletableFuture<String> typing(StreamEvents.TypingIn where) {
        return send("POST", server.base().resolve("typing"), where);
    }

    /** The messages the person may read that have these words. */
    public CompletableFuture<Api.SearchResults> search(String words) {
        return get(server.base().resolve("search").newBuilder().addQueryParameter("q", words).build())
                .thenApply(body -> ChatJson.read(body, Api.SearchResults.class));
    }

    /** Creates a room; the room as the server made it. */
    public CompletableFuture<StreamEvents.RoomInfo> createRoom(String name) {
        return send("POST", server.base().resolve("rooms"), new Api.NewRoom(name))
                .thenApply(body -> ChatJson.read(body, StreamEvents.RoomInfo.class));
    }

    /** A request to {@code /host…}; the answer's body. */
    public CompletableFuture<String> host(String method, String path, Object body) {
        return send(method, server.base().resolve(path.substring(1)), body);
    }

    /** The most an export may be: a busy room's whole history, its pictures inside. */
    static final long MAX_EXPORT_BYTES = 512L * 1024 * 1024;

    /**
     * {@code GET /export} of a conversation ({@code json} or {@code html}) into {@code target}: streamed into a file
     * beside it as it arrives (never whole in memory: a room's pictures can make hundreds of megabytes) and moved into
     * place once whole, so a cut answer leaves nothing at {@code target}. Completes with the bytes written.
     */
    public CompletableFuture<Long> export(Of conversation, String format, java.nio.file.Path target) {
        HttpUrl.Builder url = server.base().resolve("export").newBuilder().addQueryParameter("format", format);
        if (conversation.with() != null) {
            url.addQueryParameter("with", conversation.with());
        } else {
            url.addQueryParameter("room", conversation.room());
        }
        return Calls.enqueue(http.newCall(new Request.Builder().url(url.build()).build()), response -> {
            if (!response.isSuccessful()) {
                throw new Calls.Refusal(response.code(), new Calls.Reply(response.code(),
                        BoundedBody.text(response, 64 * 1024)).sentence());
            }
            java.nio.file.Path partial = target.resolveSibling(target.getFileName() + ".part");
            long written = 0;
            try (java.io.InputStream in = response.body().byteStream();
                 java.io.OutputStream out = java.nio.file.Files.newOutputStream(partial)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    written += n;
                    if (written > MAX_EXPORT_BYTES) {
                        throw new java.io.IOException("the export is larger than " + MAX_EXPORT_BYTES + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (java.io.IOException e) {
                java.nio.file.Files.deleteIfExists(partial);
                throw e;
            }
            java.nio.file.Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return written;
        });
    }

    /** {@code PUT /profile/passphrase}, or with null {@code DELETE}. */
    public CompletableFuture<String> passphrase(String passphrase) {
        return passphrase == null ? send("DELETE", server.base().resolve("profile/passphrase"), null)
                : send("PUT", server.base().resolve("profile/passphrase"), new Api.Passphrase(passphrase));
    }

    /** {@code GET /session/devices}. */
    public CompletableFuture<java.util.List<Api.Device>> devices() {
        return get(server.base().resolve("session/devices")).thenApply(body -> {
            try {
                return ChatJson.mapper().readValue(body, ChatJson.mapper().getTypeFactory()
                        .constructCollectionType(java.util.List.class, Api.Device.class));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** {@code DELETE /session/devices/{id}}. */
    public CompletableFuture<String> signOutDevice(String id) {
        return send("DELETE", server.base().resolve("session/devices/").newBuilder().addPathSegment(id).build(),
                null);
    }

    /** A {@code GET /host/…} (the host's console); the answer's body. */
    public CompletableFuture<String> hostGet(String path) {
        return get(server.base().resolve(path.substring(1)));
    }

    /** Makes an upload of this person's picture ({@code PUT /profile/picture}); null removes it. */
    public CompletableFuture<String> picture(String fileId) {
        return fileId == null ? send("DELETE", server.base().resolve("profile/picture"), null)
                : send("PUT", server.base().resolve("profile/picture"), java.util.Map.of("file", fileId));
    }

    /** A code another device can sign in with, as this person. */
    public CompletableFuture<Api.LinkCode> linkCode() {
        return send("POST", server.base().resolve("session/link"), null)
                .thenApply(body -> ChatJson.read(body, Api.LinkCode.class));
    }

    /** Pins a message to its conversation ({@code pin}), or takes its pin away. */
    public CompletableFuture<String> pin(String id, boolean pin) {
        return send(pin ? "PUT" : "DELETE", message(id, "pin"), null);
    }

    /** A conversation's pinned messages, the newest pin first. */
    public CompletableFuture<Api.Pins> pins(Of conversation) {
        HttpUrl.Builder url = server.base().resolve("chat/pins").newBuilder();
        url = conversation.with() != null ? url.addQueryParameter("with", conversation.with())
                : url.addQueryParameter("room", conversation.room());
        return get(url.build()).thenApply(body -> ChatJson.read(body, Api.Pins.class));
    }

    /** Where those who share it have read a conversation. */
    public CompletableFuture<Api.ReadPositions> readPositions(Of conversation) {
        HttpUrl.Builder url = server.base().resolve("read").newBuilder();
        url = conversation.with() != null ? url.addQueryParameter("with", conversation.with())
                : url.addQueryParameter("room", conversation.room());
        return get(url.build()).thenApply(body -> ChatJson.read(body, Api.ReadPositions.class));
    }

    /** Whether this person shares where they read. */
    public CompletableFuture<String> shareReads(boolean share) {
        return send("PUT", server.base().resolve("read/sharing"), new Api.ReadSharing(share));
    }

    /** The threads this person follows, newest activity first, with their unread replies. */
    public CompletableFuture<Api.Threads> threads() {
        return get(server.base().resolve("threads")).thenApply(body -> ChatJson.read(body, Api.Threads.class));
    }

    /** Follows ({@code follow}) the thread of the message {@code root}, or stops; whether one follows it now. */
    public CompletableFuture<StreamEvents.Following> follow(String root, boolean follow) {
        HttpUrl url = server.base().resolve("threads").newBuilder().addPathSegment(root).addPathSegment("follow")
                .build();
        return send(follow ? "PUT" : "DELETE", url, null)
                .thenApply(body -> ChatJson.read(body, StreamEvents.Following.class));
    }

    /** The statuses of those online ({@code names} empty) or of those named (at most 100), as they stand now. */
    public CompletableFuture<Api.Statuses> statuses(java.util.Collection<String> names) {
        HttpUrl.Builder url = server.base().resolve("statuses").newBuilder();
        names.forEach(name -> url.addQueryParameter("name", name));
        return get(url.build()).thenApply(body -> ChatJson.read(body, Api.Statuses.class));
    }

    /** Sets this person's status; a plain one clears it. The status as the server keeps it. */
    public CompletableFuture<dev.hubbub.chat.PersonStatus> status(dev.hubbub.chat.PersonStatus status) {
        HttpUrl url = server.base().resolve("profile/status");
        return (status.isPlain() ? send("DELETE", url, null) : send("PUT", url, status))
                .thenApply(body -> ChatJson.read(body, dev.hubbub.chat.PersonStatus.class));
    }

    /** Says where this person read: a conversation or a thread, up to a message. */
    public CompletableFuture<String> read(Api.Read where) {
        return send("POST", server.base().resolve("read"), where);
    }

    /** Every room, or those whose name or topic has every word of {@code words}, as the room browser lists them. */
    public CompletableFuture<Api.RoomDirectory> rooms(String words) {
        HttpUrl.Builder url = server.base().resolve("rooms").newBuilder();
        if (words != null && !words.isBlank()) {
            url.addQueryParameter("q", words.strip());
        }
        return get(url.build()).thenApply(body -> ChatJson.read(body, Api.RoomDirectory.class));
    }

    /** The rooms this person is in, with their marks. */
    public CompletableFuture<Api.Memberships> memberships() {
        return get(server.base().resolve("profile/rooms")).thenApply(body -> ChatJson.read(body,
                Api.Memberships.class));
    }

    /**
     * Joins a room (or, in it, sets its marks: {@code starred}, {@code hidden}; null leaves one as it is), or leaves it
     * ({@code join} false). The membership as it is now.
     */
    public CompletableFuture<Api.Membership> membership(String room, boolean join, Boolean starred, Boolean hidden) {
        HttpUrl url = server.base().resolve("rooms").newBuilder().addPathSegment(room).addPathSegment("membership")
                .build();
        java.util.Map<String, Boolean> marks = new java.util.HashMap<>();
        if (starred != null) {
            marks.put("starred", starred);
        }
        if (hidden != null) {
            marks.put("hidden", hidden);
        }
        return send(join ? "PUT" : "DELETE", url, join ? marks : null)
                .thenApply(body -> ChatJson.read(body, Api.Membership.class));
    }

    /** Sets a room's topic ({@code ""} clears it). */
    public CompletableFuture<Api.Topic> topic(String room, String topic) {
        HttpUrl url = server.base().resolve("rooms").newBuilder().addPathSegment(room).addPathSegment("topic")
                .build();
        return send("PUT", url, new Api.Topic(room, topic)).thenApply(body -> ChatJson.read(body, Api.Topic.class));
    }

    /** A page of the people directory: those after {@code after} (null: from the first) whose name has {@code words}. */
    public CompletableFuture<Api.People> people(String words, String after, int limit) {
        HttpUrl.Builder url = server.base().resolve("people").newBuilder()
                .addQueryParameter("limit", String.valueOf(limit));
        if (words != null && !words.isBlank()) {
            url.addQueryParameter("q", words.strip());
        }
        if (after != null) {
            url.addQueryParameter("after", after);
        }
        return get(url.build()).thenApply(body -> ChatJson.read(body, Api.People.class));
    }

    /** Who the room says this person is ({@code GET /session}): its answer, whatever its status. */
    public CompletableFuture<Calls.Reply> session() {
        return Calls.reply(http.newCall(new Request.Builder().url(server.base().resolve("session")).build()), 4096);
    }

    private HttpUrl message(String id, String... rest) {
        HttpUrl.Builder url = server.base().resolve("chat").newBuilder().addPathSegment(id);
        for (String segment : rest) {
            url.addPathSegment(segment);
        }
        return url.build();
    }

    private CompletableFuture<String> get(HttpUrl url) {
        return Calls.body(http.newCall(new Request.Builder().url(url).build()), MAX_REPLY_BYTES);
    }

    private CompletableFuture<String> send(String method, HttpUrl url, Object body) {
        RequestBody content = body == null && method.equals("DELETE") ? null
                : RequestBody.create(body == null ? "{}" : ChatJson.write(body), JSON);
        return Calls.body(http.newCall(new Request.Builder().url(url).method(method, content).build()),
                MAX_REPLY_BYTES);
    }
}

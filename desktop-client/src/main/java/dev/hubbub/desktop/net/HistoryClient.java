package dev.hubbub.desktop.net;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.InvalidMessageException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jetbrains.annotations.NotNull;

/**
 * Pages of a room's stored messages ({@code GET /chat/history}), for a window that shows only part of the
 * conversation and loads the rest as the reader scrolls.
 *
 * <p>Threads: any; the futures complete on OkHttp's threads.
 */
public final class HistoryClient {
    /** Far more than a page of 500 messages of 4000 characters; a server that sends more is not believed. */
    static final long MAX_REPLY_BYTES = 16L * 1024 * 1024;

    private final OkHttpClient http;
    private final ServerAddress server;

    public HistoryClient(OkHttpClient http, ServerAddress server) {
        this.http = http;
        this.server = server;
    }

    /**
     * Which conversation: a room by its id, or the direct conversation with a person by their name.
     */
    public record Of(String room, String with) {
        public static Of room(String id) {
            return new Of(id, null);
        }

        public static Of person(String name) {
            return new Of(null, name);
        }
    }

    /** The {@code limit} messages of a conversation before {@code id}, oldest first. */
    public CompletableFuture<HistoryPage> before(Of conversation, String id, int limit) {
        return page(url(conversation).addQueryParameter("before", id)
                .addQueryParameter("limit", Integer.toString(limit)).build());
    }

    /** The newest {@code limit} messages of a conversation. */
    public CompletableFuture<HistoryPage> newest(Of conversation, int limit) {
        return page(url(conversation).addQueryParameter("limit", Integer.toString(limit)).build());
    }

    private HttpUrl.Builder url(Of conversation) {
        HttpUrl.Builder url = server.history().newBuilder();
        return conversation.with() != null ? url.addQueryParameter("with", conversation.with())
                : url.addQueryParameter("room", conversation.room());
    }

    private CompletableFuture<HistoryPage> page(HttpUrl url) {
        CompletableFuture<HistoryPage> page = new CompletableFuture<>();
        http.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
            @Override
            public void onFailure(@NotNull Call call, @NotNull IOException e) {
                page.completeExceptionally(e);
            }

            @Override
            public void onResponse(@NotNull Call call, @NotNull Response response) {
                try (response) {
                    if (!response.isSuccessful()) {
                        throw new IOException("the room answered " + response.code());
                    }
                    page.complete(ChatJson.read(BoundedBody.read(response, MAX_REPLY_BYTES), HistoryPage.class));
                } catch (IOException | InvalidMessageException e) {
                    page.completeExceptionally(e);
                }
            }
        });
        return page;
    }
}

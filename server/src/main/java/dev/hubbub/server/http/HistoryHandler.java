package dev.hubbub.server.http;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.hub.Room;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /chat/history?before=ID&limit=N} (or {@code after=ID}, or neither for the newest): a page of stored
 * messages as JSON, for clients that keep only a window of the conversation and load the rest as the reader
 * scrolls. The store is read on the executor, never on the thread that called the handler.
 */
final class HistoryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryHandler.class);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final Room room;
    private final Executor executor;

    HistoryHandler(Room room, Executor executor) {
        this.room = room;
        this.executor = executor;
    }

    boolean handle(Request request, Response response, Callback callback) {
        HistoryPage.Query query;
        try {
            query = parse(Request.extractQueryParameters(request));
        } catch (IllegalArgumentException e) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
            return true;
        }
        executor.execute(() -> {
            try {
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(room.page(query)));
            } catch (RuntimeException e) {
                LOG.error("could not read the history", e);
                Replies.text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                        "the history could not be read right now; please try again");
            }
        });
        return true;
    }

    static HistoryPage.Query parse(Fields query) {
        Long before = id(query, "before");
        Long after = id(query, "after");
        String limitText = query.getValue("limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            if (!limitText.matches("[0-9]{1,4}") || Integer.parseInt(limitText) < 1
                    || Integer.parseInt(limitText) > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT + ", not '"
                        + limitText + "'");
            }
            limit = Integer.parseInt(limitText);
        }
        return new HistoryPage.Query(before, after, limit);
    }

    private static Long id(Fields query, String name) {
        String value = query.getValue(name);
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException(name + " must be a message id (digits), not '" + value + "'");
        }
        return Long.parseLong(value);
    }
}

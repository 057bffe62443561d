package dev.hubbub.server.http;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.FileIndex;
import dev.hubbub.server.text.Catalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /export?room=ID} (or {@code with=NAME}, one's direct conversation; or {@code all=1}, every room, for a
 * host) {@code &format=json|html}: a conversation someone may read, whole, to keep. JSON: {@link Export}, every
 * message as the API gives it, each thread's replies after its root. HTML: one self-contained page (its style inside,
 * its pictures inside as {@code data:} addresses, up to {@value #MOST_PICTURE_BYTES} bytes of them; past that, and for
 * other files, their names), in the reader's language, readable offline in any browser. Signed in; a conversation the
 * caller may not read is 404, as everywhere.
 */
final class ExportHandler {
    static final long MOST_PICTURE_BYTES = 50L * 1000 * 1000;
    static final long MOST_ONE_PICTURE_BYTES = 5L * 1000 * 1000;
    private static final int PAGE = 500;

    /** A conversation exported: its id and name, and its messages, oldest first, each thread's replies after it. */
    record Conversation(String id, String name, List<ChatMessage> messages) {
    }

    /** The JSON export. */
    record Export(String server, Instant exportedAt, String exportedBy, List<Conversation> conversations) {
    }

    private final Hub hub;
    private final Authenticator auth;
    private final FileStore files;
    private final Executor executor;

    ExportHandler(Hub hub, Authenticator auth, FileStore files, Executor executor) {
        this.hub = hub;
        this.auth = auth;
        this.files = files;
        this.executor = executor;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToExport"));
            return true;
        }
        Fields query = Request.extractQueryParameters(request);
        String format = Optional.ofNullable(query.getValue("format")).orElse("json");
        if (!format.equals("json") && !format.equals("html")) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.exportFormat"));
            return true;
        }
        Directory directory = auth.directory();
        List<StreamEvents.RoomInfo> wanted = new ArrayList<>();
        if ("1".equals(query.getValue("all"))) {
            if (!caller.isHost()) {
                Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.onlyTheHostCanDo"));
                return true;
            }
            wanted.addAll(directory.rooms());
        } else {
            String with = query.getValue("with");
            String room = with != null ? auth.conversationWith(who.get(), with)
                    : Optional.ofNullable(query.getValue("room")).orElse(Conversations.GENERAL);
            if (!auth.mayRead(room, who)) {
                Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.noConversation",
                        "room", with != null ? with : room));
                return true;
            }
            wanted.add(new StreamEvents.RoomInfo(room, with != null ? with
                    : directory.room(room).map(StreamEvents.RoomInfo::name).orElse(room)));
        }
        Locale language = Replies.languageOf(request);
        executor.execute(() -> {
            try {
                List<Conversation> conversations = new ArrayList<>();
                for (StreamEvents.RoomInfo room : wanted) {
                    conversations.add(new Conversation(room.id(), room.name(), messages(room.id(), who)));
                }
                Export export = new Export(hub.name(), Instant.now(), who.get().name(), conversations);
                String stem = "hubbub-" + (wanted.size() == 1 ? safe(wanted.get(0).name()) : "all") + "-"
                        + DateTimeFormatter.ISO_LOCAL_DATE.format(export.exportedAt().atOffset(ZoneOffset.UTC));
                byte[] body = format.equals("json") ? ChatJson.write(export).getBytes(StandardCharsets.UTF_8)
                        : html(export, Catalog.of(language)).getBytes(StandardCharsets.UTF_8);
                response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + stem + "."
                        + format + "\"");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.equals("json")
                        ? "application/json; charset=utf-8" : "text/html; charset=utf-8");
                response.setStatus(HttpStatus.OK_200);
                response.write(true, java.nio.ByteBuffer.wrap(body), callback);
            } catch (RuntimeException | IOException e) {
                Replies.unexpected(response, callback, e);
            }
        });
        return true;
    }

    /** Every message of a conversation, oldest first, each thread's replies (those the caller may read) after it. */
    private List<ChatMessage> messages(String conversation, Optional<Directory.Identity> who) {
        List<ChatMessage> newestFirst = new ArrayList<>();
        String before = null;
        while (true) {
            HistoryPage page = hub.page(conversation, before, null, PAGE).join();
            for (int i = page.messages().size() - 1; i >= 0; i--) {
                newestFirst.add(page.messages().get(i));
            }
            if (!page.more() || page.messages().isEmpty()) {
                break;
            }
            before = page.messages().get(0).id();
        }
        List<ChatMessage> all = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            ChatMessage message = newestFirst.get(i);
            all.add(message);
            if (message.thread() != null && message.thread().replies() > 0) {
                all.addAll(replies(message.id(), who));
            }
        }
        return all;
    }

    private List<ChatMessage> replies(String root, Optional<Directory.Identity> who) {
        List<ChatMessage> replies = new ArrayList<>();
        Logged rootMessage = ThreadsHandler.root(hub, auth, root, who, "open").join();
        String after = null;
        while (true) {
            HistoryPage page = hub.thread(rootMessage, null, after, PAGE).join();
            replies.addAll(page.messages().stream().filter(m -> !m.alsoInRoom()).toList());
            if (!page.more() || page.messages().isEmpty()) {
                return replies;
            }
            after = page.messages().get(page.messages().size() - 1).id();
        }
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^\\p{L}\\p{N}._-]+", "-");
        return s.isEmpty() ? "conversation" : s;
    }

    // ---- the page -------------------------------------------------------------------------------------------

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1d2430;\
            background:#fff}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e3e6eb}\
            .meta{color:#5b6472;font-size:.85rem}ol{list-style:none;padding:0}li{padding:.35rem 0;\
            border-bottom:1px solid #f0f1f4}li.reply{margin-inline-start:2rem}li.notice{color:#5b6472;font-style:italic}\
            .who{font-weight:600}time{color:#5b6472;font-size:.8rem;margin-inline-start:.5rem}\
            .text{white-space:pre-wrap;overflow-wrap:anywhere}img{max-width:100%;height:auto;display:block;\
            margin:.3rem 0;border-radius:.3rem}.file{color:#5b6472;font-size:.85rem}\
            @media (prefers-color-scheme:dark){body{background:#14171c;color:#e6e9ee}li{border-color:#2b313b}}""";

    private String html(Export export, Catalog words) throws IOException {
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(words.locale()).withZone(java.time.ZoneId.systemDefault());
        StringBuilder page = new StringBuilder(64 * 1024);
        String language = words.locale().toLanguageTag();
        page.append("<!doctype html><html lang=\"").append(escape(language)).append("\" dir=\"")
                .append(language.startsWith("ar") ? "rtl" : "ltr").append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(escape(export.server())).append("</title><style>").append(STYLE).append("</style></head><body>")
                .append("<h1>").append(escape(export.server())).append("</h1><p class=\"meta\">")
                .append(escape(words.t("export.by", "name", export.exportedBy(), "time",
                        when.format(export.exportedAt())))).append("</p>");
        long[] pictureBytes = {0};
        for (Conversation conversation : export.conversations()) {
            page.append("<section><h2>").append(escape(Conversations.isDirect(conversation.id())
                    ? "@" + conversation.name() : "# " + conversation.name())).append("</h2><ol>");
            for (ChatMessage message : conversation.messages()) {
                boolean reply = message.thread() != null && !message.id().equals(message.thread().root());
                page.append("<li class=\"").append(message.notice() ? "notice" : reply ? "reply" : "message")
                        .append("\" id=\"m").append(escape(message.id())).append("\">");
                String text = message.notice() && message.said() != null ? words.say(message.said())
                        : message.deleted() ? words.t("export.deleted") : message.text();
                if (!message.notice()) {
                    page.append("<span class=\"who\">").append(escape(message.author())).append("</span>");
                }
                page.append("<time datetime=\"").append(message.sentAt()).append("\">")
                        .append(escape(when.format(message.sentAt()))).append("</time>");
                page.append("<div class=\"text\" dir=\"auto\">").append(escape(text)).append("</div>");
                if (!message.deleted()) {
                    for (Attachment file : message.files()) {
                        picture(page, file, pictureBytes, words);
                    }
                }
                page.append("</li>");
            }
            page.append("</ol></section>");
        }
        return page.append("</body></html>").toString();
    }

    /** A picture inside the page while the budget lasts; any other file, or past it, its name and size. */
    private void picture(StringBuilder page, Attachment file, long[] pictureBytes, Catalog words) throws IOException {
        Optional<FileIndex.StoredFile> stored = files.find(file.id());
        if (stored.isPresent() && file.type().startsWith("image/") && !file.type().contains("svg")
                && stored.get().blob().size() <= MOST_ONE_PICTURE_BYTES
                && pictureBytes[0] + stored.get().blob().size() <= MOST_PICTURE_BYTES) {
            java.nio.file.Path bytes = files.bytesOf(stored.get());
            if (Files.isRegularFile(bytes)) {
                byte[] data = Files.readAllBytes(bytes);
                pictureBytes[0] += data.length;
                page.append("<img alt=\"").append(escape(file.name())).append("\" src=\"data:")
                        .append(escape(file.type())).append(";base64,")
                        .append(Base64.getEncoder().encodeToString(data)).append("\">");
                return;
            }
        }
        page.append("<div class=\"file\">").append(escape(words.t("export.file", "name", file.name(),
                "size", Attachment.humanSize(file.size())))).append("</div>");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

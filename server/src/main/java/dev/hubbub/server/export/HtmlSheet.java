package dev.hubbub.server.export;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.text.Catalog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * The export as one self-contained page, in the reader's language: its style inside, every text escaped (never
 * markup), notices said in the reader's words, pictures inside as they are written ({@link InlinePictures}).
 */
final class HtmlSheet implements Sheet {
    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1d2430;\
            background:#fff}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e3e6eb}\
            .meta{color:#5b6472;font-size:.85rem}ol{list-style:none;padding:0}li{padding:.35rem 0;\
            border-bottom:1px solid #f0f1f4}li.reply{margin-inline-start:2rem}li.notice{color:#5b6472;font-style:italic}\
            .who{font-weight:600}time{color:#5b6472;font-size:.8rem;margin-inline-start:.5rem}\
            .text{white-space:pre-wrap;overflow-wrap:anywhere}img{max-width:100%;height:auto;display:block;\
            margin:.3rem 0;border-radius:.3rem}.file{color:#5b6472;font-size:.85rem}\
            @media (prefers-color-scheme:dark){body{background:#14171c;color:#e6e9ee}li{border-color:#2b313b}}""";

    private final Writer page;
    private final Catalog words;
    private final InlinePictures pictures;
    private final DateTimeFormatter when;

    HtmlSheet(OutputStream out, Catalog words, InlinePictures pictures) {
        this.page = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        this.words = words;
        this.pictures = pictures;
        this.when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(words.locale()).withZone(ZoneId.systemDefault());
    }

    @Override
    public void begin(Export export) throws IOException {
        String language = words.locale().toLanguageTag();
        page.append("<!doctype html><html lang=\"").append(escape(language)).append("\" dir=\"")
                .append(language.startsWith("ar") ? "rtl" : "ltr").append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(escape(export.server())).append("</title><style>").append(STYLE).append("</style></head><body>")
                .append("<h1>").append(escape(export.server())).append("</h1><p class=\"meta\">")
                .append(escape(words.t("export.by", "name", export.exportedBy(), "time",
                        when.format(export.exportedAt())))).append("</p>");
    }

    @Override
    public void beginConversation(StreamEvents.RoomInfo conversation) throws IOException {
        page.append("<section><h2>").append(escape(Conversations.isDirect(conversation.id())
                ? "@" + conversation.name() : "# " + conversation.name())).append("</h2><ol>");
    }

    @Override
    public void message(ChatMessage message) throws IOException {
        boolean reply = message.thread() != null && !message.id().equals(message.thread().root());
        page.append("<li class=\"").append(message.notice() ? "notice" : reply ? "reply" : "message")
                .append("\" id=\"m").append(escape(message.id())).append("\">");
        String text = message.notice() && message.said() != null ? words.say(message.said())
                : message.deleted() ? words.t("export.deleted") : message.text();
        if (!message.notice()) {
            page.append("<span class=\"who\">").append(escape(message.author())).append("</span>");
        }
        page.append("<time datetime=\"").append(message.sentAt().toString()).append("\">")
                .append(escape(when.format(message.sentAt()))).append("</time>");
        page.append("<div class=\"text\" dir=\"auto\">").append(escape(text)).append("</div>");
        if (!message.deleted()) {
            for (Attachment file : message.files()) {
                pictures.write(file, page, words);
            }
        }
        page.append("</li>");
    }

    @Override
    public void endConversation() throws IOException {
        page.append("</ol></section>");
    }

    @Override
    public void end() throws IOException {
        page.append("</body></html>");
        page.flush();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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

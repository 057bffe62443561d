package dev.hubbub.desktop.ui;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Draft;
import dev.hubbub.desktop.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the person typed in each place of one server and did not send, kept in the settings so that it is still
 * there after switching away and back and after the app restarts: in the order written, at most
 * {@value #MAX_DRAFTS} places (past that the oldest goes), each cut at the longest text the server takes. Written to
 * disk a moment after the last keystroke (and when the app closes), not on each one. FX thread only.
 */
final class Drafts {
    static final int MAX_DRAFTS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Drafts.class);

    private final Settings settings;
    private final String server;
    private final LinkedHashMap<String, String> drafts = new LinkedHashMap<>();
    private final PauseTransition saveSoon = new PauseTransition(Duration.millis(600));

    /** @param settings null: kept only while the app runs */
    Drafts(Settings settings, String hostAndPort) {
        this.settings = settings;
        this.server = hostAndPort;
        saveSoon.setOnFinished(e -> save());
        if (settings != null) {
            settings.draftsOn(hostAndPort).ifPresent(json -> {
                try {
                    Map<String, String> kept = ChatJson.mapper().readValue(json, new TypeReference<>() { });
                    kept.forEach((place, text) -> {
                        if (place != null && text != null && drafts.size() < MAX_DRAFTS) {
                            drafts.put(place, text);
                        }
                    });
                } catch (Exception e) {
                    LOG.warn("ignored the kept drafts, which could not be read: {}", e.getMessage());
                }
            });
        }
    }

    /** The draft kept for a place, or "". */
    String of(String place) {
        return drafts.getOrDefault(place, "");
    }

    /** Keeps (or, when blank, forgets) the draft of a place. */
    void keep(String place, String text) {
        String before = drafts.remove(place);
        if (!text.isBlank()) {
            // In the order written, the newest last: past the bound, the oldest goes.
            drafts.put(place, text.length() > Draft.MAX_TEXT ? text.substring(0, Draft.MAX_TEXT) : text);
            if (drafts.size() > MAX_DRAFTS) {
                drafts.remove(drafts.keySet().iterator().next());
            }
        } else if (before == null) {
            return;
        }
        saveSoon.playFromStart();
    }


    /** Forgets every draft of this server (the person was signed out). */
    void forget() {
        drafts.clear();
        save();
    }

    /** Writes what is kept now (the app is closing). */
    void save() {
        saveSoon.stop();
        if (settings != null) {
            settings.rememberDrafts(server, drafts.isEmpty() ? null : ChatJson.write(drafts));
        }
    }
}

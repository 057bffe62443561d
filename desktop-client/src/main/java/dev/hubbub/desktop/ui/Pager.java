package dev.hubbub.desktop.ui;

import dev.hubbub.chat.HistoryPage;
import dev.hubbub.desktop.net.RoomApi;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Pages of the server's history into the message window: the newest when a place is shown, older ones as the reader
 * scrolls up, and as many as it takes to bring one message into view (a reply's quote, a search result). A page
 * asked for a place no longer shown, or before the server's history started over, is dropped.
 *
 * <p>FX thread only; the pages arrive through the {@link UiQueue}.
 */
final class Pager {
    /** Messages asked of the server's history at a time. */
    static final int PAGE = 100;
    /** Pages read back at most to find a message to reveal. */
    private static final int MAX_REVEAL_PAGES = 50;

    private final Places places;
    private final Conversation conversation;
    /** Null on a server without names, which keeps no history to ask. */
    private final RoomApi api;
    private final UiQueue ui;
    /** The epoch of the server's history the stream is in; null before its hello. */
    private final Supplier<String> epoch;
    private final ReadOnlyBooleanWrapper loadingOlder = new ReadOnlyBooleanWrapper();
    /** Bumped at each change of place, so a page asked for another place is dropped. */
    private int shown;
    private String revealing;
    private Runnable revealNotFound;
    private int revealPages;

    Pager(Places places, Conversation conversation, RoomApi api, UiQueue ui, Supplier<String> epoch) {
        this.places = places;
        this.conversation = conversation;
        this.api = api;
        this.ui = ui;
        this.epoch = epoch;
    }

    /** Whether a page of older messages is on its way. */
    ReadOnlyBooleanProperty loadingOlder() {
        return loadingOlder.getReadOnlyProperty();
    }

    /** Shows a place: its newest messages, then new ones; then (once they are in) {@code loaded}. */
    void show(String key, Runnable loaded) {
        int unseen = places.unreadIn(key);
        places.show(key);
        conversation.show();
        int asked = ++shown;
        if (api == null) {
            conversation.newestLoaded(List.of(), false);
            loaded.run();
            return;
        }
        api.newest(of(key), PAGE).whenComplete((page, failure) -> ui.run(() -> {
            if (asked == shown) {
                boolean current = failure == null && inEpoch(page);
                conversation.newestLoaded(current ? page.messages() : List.of(), current && page.more());
                conversation.markNew(unseen);
                loaded.run();
                continueRevealing();
            }
        }));
    }

    /**
     * Asks for the messages before the oldest shown, unless they are on their way already, there are none, or the
     * server keeps no history to ask.
     */
    void loadOlder() {
        String before = conversation.oldestId();
        if (loadingOlder.get() || !conversation.hasOlder().get() || before == null || api == null) {
            return;
        }
        loadingOlder.set(true);
        int asked = shown;
        String askedInEpoch = epoch.get();
        api.before(of(places.active()), before, PAGE).whenComplete((page, failure) -> ui.run(() -> {
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
     * Brings a message into view in {@code place} (shown first if another is), loading older pages until it is
     * there; {@code notFound} runs when the history no longer has it.
     */
    void reveal(String place, String id, Runnable notFound) {
        if (!place.equals(places.active())) {
            show(place, () -> { });
        }
        revealing = id;
        revealNotFound = notFound;
        revealPages = 0;
        continueRevealing();
    }

    private void continueRevealing() {
        if (revealing == null || conversation.isLoadingNewest() || loadingOlder.get()) {
            return;
        }
        if (conversation.indexOf(revealing) >= 0) {
            conversation.reveal(revealing);
            revealing = null;
        } else if (!conversation.hasOlder().get() || ++revealPages > MAX_REVEAL_PAGES || api == null) {
            revealing = null;
            revealNotFound.run();
        } else {
            loadOlder();
        }
    }

    /** A page from before the stream's hello is taken as it is; after, only one of the stream's epoch. */
    private boolean inEpoch(HistoryPage page) {
        String now = epoch.get();
        return now == null || page.epoch().equals(now);
    }

    /** How the history names the place {@code key}: a room, or the direct conversation with a person. */
    RoomApi.Of of(String key) {
        if (!key.startsWith("@")) {
            return RoomApi.Of.room(key);
        }
        String person = key.equals(places.active()) ? places.activePerson() : null;
        return RoomApi.Of.person(person != null ? person : key.substring(1));
    }
}

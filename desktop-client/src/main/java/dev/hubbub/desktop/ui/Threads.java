package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.desktop.net.Calls;
import dev.hubbub.desktop.net.RoomApi;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A session's threads: the one the thread panel shows (its messages, a {@link Conversation} of their own, paged from
 * {@code GET /chat/history?thread=ID} with the root first), and those the person follows ({@code GET /threads}),
 * with the replies they have not read. Who follows what is the server's to decide; it says so on the stream
 * ({@link #followingChanged}), and this model counts the replies that arrive in followed threads, and tells the
 * server where the person read ({@code POST /read}).
 *
 * <p>A model: no controls. FX thread only.
 */
public final class Threads {
    static final int PAGE = 100;

    /** A followed thread, as the list shows it: its root (with its thread), and the replies not read. */
    public record Followed(ChatMessage root, int unread) {
    }

    private final String myKey;
    /** Null on a server without names, which has no threads. */
    private final RoomApi api;
    private final UiQueue ui;
    private final Conversation conversation;
    private final ObservableList<Followed> followed = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<String> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ChatMessage> root = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper listShown = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper unread = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper loadingOlder = new ReadOnlyBooleanWrapper();
    private final ObservableList<ChatMessage> pins = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<String> pinsShown = new ReadOnlyObjectWrapper<>();
    private RoomApi.Of pinsOf;
    /** Bumped each time another thread is shown, so a page asked for the one before is dropped. */
    private int asked;
    private Consumer<String> tell = sentence -> { };

    Threads(String me, RoomApi api, UiQueue ui) {
        this.myKey = Names.key(me);
        this.api = api;
        this.ui = ui;
        this.conversation = new Conversation(me);
    }

    /** Where a sentence for the reader goes (a follow refused, a thread not found). */
    void tellWith(Consumer<String> sentence) {
        tell = sentence;
    }

    /** The messages of the thread shown: its root, then its replies. */
    public Conversation conversation() {
        return conversation;
    }

    /** The threads the person follows, newest activity first. */
    public ObservableList<Followed> followed() {
        return followed;
    }

    /** The id of the thread's root the panel shows; null when it shows none. */
    public ReadOnlyObjectProperty<String> shown() {
        return shown.getReadOnlyProperty();
    }

    /** The root of the thread shown, once known. */
    public ReadOnlyObjectProperty<ChatMessage> root() {
        return root.getReadOnlyProperty();
    }

    /** Whether the panel shows the followed threads. */
    public ReadOnlyBooleanProperty listShown() {
        return listShown.getReadOnlyProperty();
    }

    /** The pinned messages of the conversation the panel shows them of, the newest pin first. */
    public ObservableList<ChatMessage> pins() {
        return pins;
    }

    /** The label of the place whose pinned messages the panel shows ("# General"); null when it shows none. */
    public ReadOnlyObjectProperty<String> pinsShown() {
        return pinsShown.getReadOnlyProperty();
    }

    /** The panel shows the pinned messages of {@code conversation} ({@code label}: how the window names it). */
    void showPins(RoomApi.Of conversation, String label) {
        if (api == null) {
            return;
        }
        if (pinsShown.get() == null) {
            close();
        }
        pinsOf = conversation;
        pinsShown.set(label);
        RoomApi.Of asked = conversation;
        api.pins(conversation).whenComplete((answer, failure) -> ui.run(() -> {
            if (asked != pinsOf) {
                return;
            }
            if (failure != null) {
                pins.clear();
                tell.accept(t("app.pinsNotRead", "reason", Calls.reason(failure)));
                return;
            }
            pins.setAll(answer.messages());
        }));
    }

    /** Reads the pinned list again, when the panel shows it (a pin or unpin came). */
    void pinsChanged() {
        if (pinsOf != null && pinsShown.get() != null) {
            showPins(pinsOf, pinsShown.get());
        }
    }

    /** The unread replies in every followed thread. */
    public ReadOnlyIntegerProperty unread() {
        return unread.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty loadingOlder() {
        return loadingOlder.getReadOnlyProperty();
    }

    /** Whether the person follows the thread of {@code rootId}. */
    public boolean follows(String rootId) {
        return indexOf(rootId) >= 0;
    }

    /**
     * Shows the thread of the message {@code rootId} ({@code known}: that message, when at hand): its newest replies,
     * with a "New messages" line above those not read.
     */
    public void open(String rootId, ChatMessage known) {
        if (api == null) {
            return;
        }
        int at = indexOf(rootId);
        int unseen = at >= 0 ? followed.get(at).unread() : 0;
        if (at >= 0 && unseen > 0) {
            followed.set(at, new Followed(followed.get(at).root(), 0));
            count();
        }
        listShown.set(false);
        hidePins();
        shown.set(rootId);
        root.set(known);
        conversation.show();
        int mine = ++asked;
        api.newest(RoomApi.Of.thread(rootId), PAGE).whenComplete((page, failure) -> ui.run(() -> {
            if (mine != asked) {
                return;
            }
            if (failure != null) {
                conversation.newestLoaded(List.of(), false);
                tell.accept(t("app.threadNotOpened", "reason", Calls.reason(failure)));
                return;
            }
            root.set(page.root());
            conversation.newestLoaded(withRoot(page), page.more());
            conversation.markNew(unseen);
            List<ChatMessage> replies = page.messages();
            if (!replies.isEmpty()) {
                read(rootId, replies.get(replies.size() - 1).id());
            }
        }));
    }

    /** The page's messages, with the root first when the page reaches the thread's beginning. */
    private static List<ChatMessage> withRoot(HistoryPage page) {
        if (page.more() || page.root() == null) {
            return page.messages();
        }
        List<ChatMessage> all = new ArrayList<>(page.messages().size() + 1);
        all.add(page.root());
        all.addAll(page.messages());
        return all;
    }

    /** Asks for the replies before the oldest shown (unless on their way already, or there are none). */
    void loadOlder() {
        String before = conversation.oldestId();
        String rootId = shown.get();
        if (api == null || rootId == null || loadingOlder.get() || !conversation.hasOlder().get() || before == null
                || before.equals(rootId)) {
            return;
        }
        loadingOlder.set(true);
        int mine = asked;
        api.before(RoomApi.Of.thread(rootId), before, PAGE).whenComplete((page, failure) -> ui.run(() -> {
            loadingOlder.set(false);
            if (failure == null && mine == asked) {
                conversation.olderLoaded(withRoot(page), page.more());
            }
        }));
    }

    /** Brings a reply of the thread shown into view, once its page is in. */
    public void reveal(String id) {
        conversation.reveal(id);
    }

    /** The panel shows nothing. */
    public void close() {
        asked++;
        shown.set(null);
        root.set(null);
        listShown.set(false);
        hidePins();
        conversation.show();
    }

    private void hidePins() {
        pinsOf = null;
        pinsShown.set(null);
        pins.clear();
    }

    /** The panel shows the followed threads (asked of the server afresh). */
    public void showList() {
        close();
        listShown.set(true);
        loadFollowed();
    }

    /** Asks the server which threads the person follows, and how much of each is unread. */
    void loadFollowed() {
        if (api == null) {
            return;
        }
        api.threads().whenComplete((answer, failure) -> ui.run(() -> {
            if (failure != null) {
                return; // offline: what was known stays, and the next hello asks again
            }
            followed.setAll(answer.threads().stream().map(t -> new Followed(t.root(),
                    t.root().id().equals(shown.get()) ? 0 : t.unread())).toList());
            count();
        }));
    }

    /** The server says the person now follows a thread, or no longer does. */
    void followingChanged(StreamEvents.Following following) {
        if (following.following()) {
            loadFollowed();
        } else {
            int at = indexOf(following.root());
            if (at >= 0) {
                followed.remove(at);
                count();
            }
        }
    }

    /**
     * A reply in a thread arrived: the panel shows it when it shows that thread; a followed thread counts it unread
     * unless the panel shows it ({@code looking}: and the window has the reader's eyes) or it is the person's own.
     */
    void replyArrived(ChatMessage reply, boolean looking) {
        String rootId = reply.thread().root();
        boolean here = rootId.equals(shown.get());
        if (here) {
            conversation.received(reply);
            conversation.commit();
            root.set(root.get() == null ? null : root.get().withThread(reply.thread()));
        }
        int at = indexOf(rootId);
        boolean mine = Names.key(reply.author()).equals(myKey);
        if (at >= 0) {
            Followed was = followed.get(at);
            // The server's count (asked when a follow began) may hold this reply already: the follow's event can
            // come before the reply on the stream. A reply no newer than the newest it counted is not counted again.
            ChatMessage.Thread known = was.root().thread();
            boolean counted = known != null && known.lastReplyAt() != null
                    && !reply.sentAt().isAfter(known.lastReplyAt());
            int more = mine || reply.notice() || (here && looking) || counted ? 0 : 1;
            followed.remove(at);
            followed.add(0, new Followed(was.root().withThread(reply.thread()), was.unread() + more));
            count();
        }
        if (here && looking && !mine) {
            read(rootId, reply.id());
        }
    }

    /** Follows the thread shown, or stops; {@code done} hears null, or why not. */
    public void follow(boolean follow, Consumer<String> done) {
        String rootId = shown.get();
        if (api == null || rootId == null) {
            return;
        }
        api.follow(rootId, follow).whenComplete((now, failure) -> ui.run(() -> {
            if (failure != null) {
                done.accept(Calls.reason(failure));
                return;
            }
            if (now.following()) {
                if (!follows(rootId) && root.get() != null) {
                    followed.add(0, new Followed(root.get(), 0));
                }
                loadFollowed();
            } else {
                followingChanged(now);
            }
            done.accept(null);
        }));
    }

    /** Tells the server the person read the thread up to {@code id} (a failure is of no consequence). */
    private void read(String rootId, String id) {
        api.read(new Api.Read(null, null, rootId, id));
    }

    private int indexOf(String rootId) {
        for (int i = 0; i < followed.size(); i++) {
            if (followed.get(i).root().id().equals(rootId)) {
                return i;
            }
        }
        return -1;
    }

    private void count() {
        unread.set(followed.stream().mapToInt(Followed::unread).sum());
    }
}

package dev.hubbub.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds what people did to a message (the structured stream's {@code edit}, {@code delete} and {@code reaction}
 * events) into the message, the way the server folds them for history pages: an edit replaces the text and its
 * mentions and marks the time; a deletion empties the message for good; reactions are sets (adding one that is
 * there, or taking back one that is not, changes nothing). So a client that saw every event and one that loaded the
 * page later show the same.
 */
public final class MessageChanges {
    private MessageChanges() {
    }

    /** {@code message} with {@code change} applied; the message itself when it was deleted already. */
    public static ChatMessage apply(ChatMessage message, StreamEvents.Change change) {
        if (message.deleted()) {
            return message;
        }
        if (change instanceof StreamEvents.Edit edit) {
            return new ChatMessage(message.id(), message.room(), message.author(), message.verified(), edit.text(),
                    message.sentAt(), message.clientId(), message.to(), message.files(), edit.mentions(),
                    edit.mentionsRoom(), message.replyTo(), edit.editedAt(), false, message.reactions());
        }
        if (change instanceof StreamEvents.Deletion deletion) {
            return new ChatMessage(message.id(), message.room(), message.author(), message.verified(), "",
                    message.sentAt(), message.clientId(), message.to(), List.of(), List.of(), false,
                    message.replyTo(), null, true, List.of(), deletion.by(), message.notice());
        }
        StreamEvents.ReactionChange reaction = (StreamEvents.ReactionChange) change;
        List<ChatMessage.Reactions> reactions = new ArrayList<>();
        boolean found = false;
        for (ChatMessage.Reactions r : message.reactions()) {
            if (!r.emoji().equals(reaction.emoji())) {
                reactions.add(r);
                continue;
            }
            found = true;
            List<String> names = new ArrayList<>(r.names());
            names.removeIf(name -> Names.key(name).equals(Names.key(reaction.name())));
            if (reaction.added()) {
                names.add(reaction.name());
            }
            if (!names.isEmpty()) {
                reactions.add(new ChatMessage.Reactions(r.emoji(), reaction.added() ? keepOrder(r.names(), names)
                        : names));
            }
        }
        if (!found && reaction.added()) {
            reactions.add(new ChatMessage.Reactions(reaction.emoji(), List.of(reaction.name())));
        }
        return new ChatMessage(message.id(), message.room(), message.author(), message.verified(), message.text(),
                message.sentAt(), message.clientId(), message.to(), message.files(), message.mentions(),
                message.mentionsRoom(), message.replyTo(), message.editedAt(), false, reactions);
    }

    /** Adding someone who had reacted already keeps the names where they were. */
    private static List<String> keepOrder(List<String> before, List<String> after) {
        return after.size() == before.size() ? before : after;
    }
}

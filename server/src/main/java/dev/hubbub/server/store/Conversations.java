package dev.hubbub.server.store;

/**
 * The ids of conversations: a room's is its own id; a direct conversation's is made from its two people's name keys,
 * the same whichever of them writes ({@code dm:ann:bob}). Names cannot contain {@code ':'}.
 */
public final class Conversations {
    public static final String GENERAL = "general";
    /** What a direct conversation's id starts with (and a room's never does). */
    static final String DIRECT = "dm:";

    private Conversations() {
    }

    public static String direct(String keyA, String keyB) {
        return keyA.compareTo(keyB) <= 0 ? DIRECT + keyA + ":" + keyB : DIRECT + keyB + ":" + keyA;
    }

    public static boolean isDirect(String conversation) {
        return conversation.startsWith(DIRECT);
    }

    /** Whether the person with name key {@code key} is one of a direct conversation's two. */
    public static boolean isMember(String conversation, String key) {
        if (!isDirect(conversation) || key == null) {
            return false;
        }
        String pair = conversation.substring(DIRECT.length());
        int colon = pair.indexOf(':');
        return colon > 0 && (pair.substring(0, colon).equals(key) || pair.substring(colon + 1).equals(key));
    }
}

package dev.hubbub.chat;

/** The checks behind {@link Draft} and {@link ChatMessage}, each failing with a reason a person can read. */
final class Rules {
    private Rules() {
    }

    static void checkAuthor(String author) {
        checkName("author", author);
    }

    /** A person's name, as an author or elsewhere; {@code field} is what the reason calls it. */
    static void checkName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidMessageException(Sentence.of("server.isEmpty", "field", Sentence.word(field)));
        }
        checkWellFormed(field, name);
        int length = name.codePointCount(0, name.length());
        if (length > Draft.MAX_AUTHOR) {
            throw new InvalidMessageException(
                    Sentence.of("server.isLongerThanCharacters", "field", Sentence.word(field), "author", Draft.MAX_AUTHOR, "length", length));
        }
        if (name.isBlank()) {
            throw new InvalidMessageException(Sentence.of("server.isBlank", "field", Sentence.word(field)));
        }
        name.codePoints().filter(Character::isISOControl).findFirst().ifPresent(c -> {
            throw new InvalidMessageException(Sentence.of("server.containsAControlCharacter", "field", Sentence.word(field), "value", describe(c)));
        });
    }

    /** A line of one's own (a status's text): well formed, no control characters, at most {@code max} characters. */
    static void checkLine(String field, String value, int max) {
        checkWellFormed(field, value);
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new InvalidMessageException(Sentence.of("server.isAtMostCharacters", "field", Sentence.word(field), "max", max, "length", length));
        }
        value.codePoints().filter(Character::isISOControl).findFirst().ifPresent(c -> {
            throw new InvalidMessageException(Sentence.of("server.containsAControlCharacter", "field", Sentence.word(field), "value", describe(c)));
        });
    }

    static void checkText(String text) {
        checkText(text, false);
    }

    /** @param withFiles whether files go with the text; then it may be empty (but not blank) */
    static void checkText(String text, boolean withFiles) {
        if (withFiles && "".equals(text)) {
            return;
        }
        if (text == null || text.isEmpty()) {
            throw new InvalidMessageException(Sentence.of("server.textIsEmpty"));
        }
        checkWellFormed("text", text);
        int length = text.codePointCount(0, text.length());
        if (length > Draft.MAX_TEXT) {
            throw new InvalidMessageException(
                    Sentence.of("server.textIsLongerThanCharacters", "text", Draft.MAX_TEXT, "length", length));
        }
        if (text.isBlank()) {
            throw new InvalidMessageException(Sentence.of("server.textIsBlank"));
        }
        text.codePoints().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\t').findFirst().ifPresent(c -> {
            throw new InvalidMessageException(Sentence.of("server.textContainsAControlCharacter", "value", describe(c)));
        });
    }

    /** The most characters (UTF-16 units) one reaction may take: a flag or a family is several code points. */
    static final int MAX_EMOJI = 32;

    /**
     * A reaction: one emoji (or a short sequence, such as a flag or a skin tone), not words. No white space or
     * control characters, at most {@value #MAX_EMOJI} UTF-16 units, and no ASCII letters or digits.
     */
    static void checkEmoji(String emoji) {
        checkEmoji(emoji, "a reaction");
    }

    /** @param what what the reason calls it ("a reaction", "a status's emoji") */
    static void checkEmoji(String emoji, String what) {
        if (emoji == null || emoji.isEmpty()) {
            throw new InvalidMessageException(Sentence.of("server.emojiIsEmpty"));
        }
        checkWellFormed("emoji", emoji);
        if (emoji.length() > MAX_EMOJI) {
            throw new InvalidMessageException(Sentence.of("server.emojiIsLongerThanOne", "length", emoji.length()));
        }
        emoji.codePoints().filter(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || c < 128 && Character.isLetterOrDigit(c)).findFirst().ifPresent(c -> {
            throw new InvalidMessageException(Sentence.of("server.isOneEmojiAndThis", "what", Sentence.word(what), "value", describe(c)));
        });
        if (emoji.codePoints().allMatch(c -> c < 128)) {
            throw new InvalidMessageException(Sentence.of("server.isOneEmojiNot", "what", Sentence.word(what), "emoji", emoji));
        }
    }

    /** Rejects unpaired surrogates, which no UTF-8 encoder can send on. */
    private static void checkWellFormed(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidMessageException(Sentence.of("server.isNotValidUnicodeAn", "field", Sentence.word(field)));
            }
        }
    }

    private static String describe(int codePoint) {
        return String.format("U+%04X", codePoint);
    }
}

package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * A message someone wants to send, checked and normalized, before the room gives it an id and a time.
 *
 * <p>Build one with {@link #of}; the canonical constructor checks the same rules, so a draft read from JSON is
 * validated too.
 *
 * @param author who sends it: 1 to {@value #MAX_AUTHOR} characters, no control characters
 * @param text what they say: 1 to {@value #MAX_TEXT} characters; line breaks are LF; tab is the one other control
 *     character allowed
 * @param clientId an optional key the sender chose to make a retried send idempotent (at most
 *     {@value #MAX_CLIENT_ID} characters of {@code [A-Za-z0-9._:-]}); {@code null} when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Draft(String author, String text, String clientId) {
    public static final int MAX_AUTHOR = 40;
    public static final int MAX_TEXT = 4000;
    public static final int MAX_CLIENT_ID = 64;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_CLIENT_ID + "}");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n?");

    public Draft {
        Rules.checkAuthor(author);
        Rules.checkText(text);
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidMessageException("clientId must be 1 to " + MAX_CLIENT_ID
                    + " characters of letters, digits, '.', '_', ':' or '-'");
        }
    }

    /**
     * Normalizes what a person typed and checks it: the author is trimmed; in the text, CRLF and CR become LF, and
     * leading line breaks and trailing white space are removed.
     *
     * @throws InvalidMessageException with a readable reason when the result breaks a rule
     */
    public static Draft of(String author, String text, String clientId) {
        return new Draft(author == null ? null : author.strip(), normalizeText(text), clientId);
    }

    public static Draft of(String author, String text) {
        return of(author, text, null);
    }

    /**
     * A person's name as the author rules accept it, trimmed.
     *
     * @param field what the reason calls the value, such as {@code "name"}
     * @throws InvalidMessageException with a readable reason
     */
    public static String checkedName(String field, String name) {
        String trimmed = name == null ? null : name.strip();
        Rules.checkName(field, trimmed);
        return trimmed;
    }

    static String normalizeText(String text) {
        if (text == null) {
            return null;
        }
        String unified = LINE_BREAK.matcher(text).replaceAll("\n").stripTrailing();
        int start = 0;
        while (start < unified.length() && unified.charAt(start) == '\n') {
            start++;
        }
        return unified.substring(start);
    }

    /** The line a tutorial client shows: {@code author: text}. */
    public String displayLine() {
        return author + ": " + text;
    }
}

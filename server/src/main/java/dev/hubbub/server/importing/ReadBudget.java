package dev.hubbub.server.importing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hubbub.chat.Sentence;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What one import may read before it is decoded: every entry and line is bounded before it is read, and all of them
 * together; JSON is read with bounds on its nesting, strings and numbers, an array one element at a time. An export
 * past a bound is refused whole ({@link Unreadable}), so a small zip of a huge entry ends in a sentence, never in
 * {@code OutOfMemoryError}. One per import, used by the importing thread alone.
 */
final class ReadBudget {
    /** The most bytes of one JSON file of a zip. */
    static final long MOST_ENTRY_BYTES = 64L * 1024 * 1024;
    /** The most bytes of JSON of one import, all files and lines together. */
    static final long MOST_TOTAL_BYTES = 512L * 1024 * 1024;
    /** The most characters of one line of JSON lines. */
    static final int MOST_LINE_CHARS = 16 * 1024 * 1024;
    static final int MOST_DEPTH = 64;
    static final int MOST_STRING_CHARS = 1024 * 1024;
    static final int MOST_NUMBER_DIGITS = 40;
    /** The most messages of one import: each is kept until all are read, so they are counted as they come. */
    static final int MOST_POSTS = 1_000_000;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MOST_DEPTH)
                    .maxStringLength(MOST_STRING_CHARS).maxNumberLength(MOST_NUMBER_DIGITS).build())
            .build()).build();

    private long read;
    private int posts;

    /**
     * The bytes of an entry, failing past its own bound or what is left of the import's.
     *
     * @param declared the size the zip says the entry has, -1 when it says none; refused before reading when too large
     */
    InputStream open(InputStream in, long declared, long most, String what) throws IOException {
        if (declared > most || declared > MOST_TOTAL_BYTES - read) {
            in.close();
            throw declared > most ? tooLarge(what, most) : allTooLarge();
        }
        return new FilterInputStream(in) {
            private long taken;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    took(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    took(n);
                }
                return n;
            }

            private void took(int n) throws Unreadable {
                taken += n;
                read += n;
                if (taken > most) {
                    throw tooLarge(what, most);
                }
                if (read > MOST_TOTAL_BYTES) {
                    throw allTooLarge();
                }
            }
        };
    }

    /**
     * Refuses, before anything is read, an export whose entries together say they are larger than an import reads
     * (what they say is checked again as they are read).
     */
    void declared(long total) throws Unreadable {
        if (total > MOST_TOTAL_BYTES) {
            throw allTooLarge();
        }
    }

    /** One more message kept. */
    void post() throws Unreadable {
        if (++posts > MOST_POSTS) {
            throw new Unreadable(Sentence.of("cli.import.tooManyMessages", "most", MOST_POSTS));
        }
    }

    /** Each element of the JSON array {@code in} holds, one at a time (so a file's tree is never held whole). */
    void eachOf(InputStream in, String what, Each each) throws IOException {
        try (JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new Unreadable(Sentence.of("cli.import.notJson", "what", what));
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw new Unreadable(Sentence.of("cli.import.notJson", "what", what));
                }
                each.accept(JSON.readTree(parser));
            }
        } catch (StreamConstraintsException e) {
            throw beyond(what, e);
        } catch (JsonProcessingException e) {
            throw new Unreadable(Sentence.of("cli.import.notJson", "what", what), e);
        }
    }

    /** One line of JSON lines, bounded in length by {@link Lines}, its bytes by the stream it came from. */
    JsonNode tree(String line, String what) throws Unreadable {
        try {
            return JSON.readTree(line);
        } catch (StreamConstraintsException e) {
            throw beyond(what, e);
        } catch (JsonProcessingException e) {
            throw new Unreadable(Sentence.of("cli.import.notJson", "what", what), e);
        }
    }

    /** What one element of an array is given to. */
    @FunctionalInterface
    interface Each {
        void accept(JsonNode element) throws IOException;
    }

    private static Unreadable allTooLarge() {
        return new Unreadable(Sentence.of("cli.import.allTooLarge", "most", MOST_TOTAL_BYTES));
    }

    private static Unreadable tooLarge(String what, long most) {
        return new Unreadable(Sentence.of("cli.import.tooLarge", "what", what, "most", most));
    }

    private static Unreadable beyond(String what, StreamConstraintsException e) {
        return new Unreadable(Sentence.of("cli.import.beyondJsonBounds", "what", what, "depth", MOST_DEPTH,
                "chars", MOST_STRING_CHARS, "digits", MOST_NUMBER_DIGITS), e);
    }
}

package dev.hubbub.bench.parser;

import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.util.Random;

/** The byte streams both parsers read: the same bytes for each, built from a fixed seed. */
public enum Workload {
    /** What a busy room sends: many small {@code chat} events with ids, JSON data, some non-ASCII text. */
    CHAT {
        @Override
        byte[] build(Random random) {
            String[] names = {"Ann", "Bob", "Chloé", "Dmitri", "Eun-ji", "Farid"};
            String[] words = {"hello", "lunch", "deploy", "ok", "merci", "👍", "build", "is", "green", "again",
                    "coffee?", "ship", "it", "schön", "review", "please"};
            ByteArrayOutputStream out = new ByteArrayOutputStream(TARGET_BYTES + 4096);
            for (int id = 1; out.size() < TARGET_BYTES; id++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0, n = 2 + random.nextInt(14); w < n; w++) {
                    text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
                }
                String json = "{\"id\":" + id + ",\"author\":\"" + names[random.nextInt(names.length)]
                        + "\",\"text\":\"" + text + "\",\"sentAt\":\"2026-11-24T08:49:33.123Z\"}";
                out.writeBytes(FrameWriter.encode(Frame.event("chat", json).withId(id)));
                if (id % 50 == 0) {
                    out.writeBytes(FrameWriter.encode(Frame.comment("")));
                }
            }
            return out.toByteArray();
        }
    },
    /** Few events with large data: 128 KiB of base64-like text per event, in lines of 76 characters. */
    LARGE {
        @Override
        byte[] build(Random random) {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            ByteArrayOutputStream out = new ByteArrayOutputStream(TARGET_BYTES + 200_000);
            for (int id = 1; out.size() < TARGET_BYTES; id++) {
                StringBuilder data = new StringBuilder(140_000);
                for (int i = 1; i <= 128 * 1024; i++) {
                    data.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    if (i % 76 == 0) {
                        data.append('\n');
                    }
                }
                out.writeBytes(FrameWriter.encode(Frame.event("file", data.toString()).withId(id)));
            }
            return out.toByteArray();
        }
    };

    static final int TARGET_BYTES = 4 << 20;

    abstract byte[] build(Random random);

    public byte[] bytes() {
        return build(new Random(42));
    }
}

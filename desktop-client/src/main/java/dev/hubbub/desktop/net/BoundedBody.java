package dev.hubbub.desktop.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Response;
import okio.BufferedSource;

/** Reads a reply's body only up to a limit: a server, or something posing as one, cannot fill the app's memory. */
final class BoundedBody {
    private BoundedBody() {
    }

    /** The whole body, or an {@link IOException} when it is longer than {@code limit} bytes. */
    static byte[] read(Response response, long limit) throws IOException {
        BufferedSource source = response.body().source();
        if (source.request(limit + 1)) {
            throw new IOException("the room's reply is larger than " + limit + " bytes");
        }
        return source.getBuffer().readByteArray();
    }

    static String text(Response response, long limit) throws IOException {
        return new String(read(response, limit), StandardCharsets.UTF_8);
    }
}

package dev.hubbub.server.testing;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** OkHttp, as a client of the server under test. */
public final class Http {
    public static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    public static final MediaType JSON = MediaType.get("application/json");

    public final OkHttpClient client;

    public Http() {
        this(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build());
    }

    public Http(OkHttpClient client) {
        this.client = client;
    }

    /** A completed exchange: status, headers we look at, and the whole body. */
    public record Reply(int status, String body, String contentType, String retryAfter) {
    }

    public Reply post(URI uri, MediaType type, String body) throws IOException {
        return send(new Request.Builder().url(uri.toString()).post(RequestBody.create(body, type)).build());
    }

    public Reply post(URI uri, MediaType type, byte[] body) throws IOException {
        return send(new Request.Builder().url(uri.toString()).post(RequestBody.create(body, type)).build());
    }

    public Reply send(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return new Reply(response.code(), response.body().string(), response.header("Content-Type"),
                    response.header("Retry-After"));
        }
    }

    /** An open event stream; closing it cancels the call, which is safe while another thread reads the body. */
    public record Stream(Call call, Response response) implements AutoCloseable {
        @Override
        public void close() {
            call.cancel();
        }
    }

    /** Opens an event stream; the caller closes it. */
    public Stream open(URI uri, String lastEventId) throws IOException {
        Request.Builder request = new Request.Builder().url(uri.toString()).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        Call call = client.newCall(request.build());
        Response response = call.execute();
        if (response.code() != 200) {
            String body = response.body().string();
            response.close();
            throw new AssertionError("stream refused: HTTP " + response.code() + " " + body);
        }
        return new Stream(call, response);
    }
}

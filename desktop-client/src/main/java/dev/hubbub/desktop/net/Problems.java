package dev.hubbub.desktop.net;

import dev.hubbub.sse.EventStreamException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import okhttp3.Response;

/** What went wrong with a connection, as one sentence for the status bar. */
public final class Problems {
    private Problems() {
    }

    static String describe(ServerAddress server, Throwable failure, Response response) {
        String where = server.hostAndPort();
        if (response != null && !response.isSuccessful()) {
            String reason = bodyStart(response);
            return where + " answered HTTP " + response.code() + (reason.isEmpty() ? "" : ": " + reason)
                    + (response.code() == 404 ? " (is this a Hubbub room?)" : "");
        }
        if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage())
                .startsWith("Invalid content-type")) {
            return where + " is not a Hubbub room: it did not answer with an event stream.";
        }
        var untrusted = UntrustedCertificateException.in(failure);
        if (untrusted.isPresent()) {
            return describe(untrusted.get());
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "Cannot find the host “" + server.base().host() + "”. Check the address.";
            }
            if (cause instanceof ConnectException) {
                return where + " refused the connection. Is Hubbub running there?";
            }
            if (cause instanceof NoRouteToHostException) {
                return where + " cannot be reached from this network.";
            }
            if (cause instanceof SocketTimeoutException) {
                return where + " stopped answering.";
            }
            if (cause instanceof SSLException) {
                return "No secure connection to " + where + ": " + cause.getMessage();
            }
            if (cause instanceof EventStreamException) {
                return where + " sent a broken event stream: " + cause.getMessage();
            }
        }
        if (failure instanceof IOException) {
            return "The connection to " + where + " was lost"
                    + (failure.getMessage() == null ? "." : ": " + failure.getMessage());
        }
        return failure == null ? "The connection to " + where + " ended." : where + ": " + failure;
    }

    /** What to tell the user about a certificate the app has not accepted. */
    public static String describe(UntrustedCertificateException untrusted) {
        if (untrusted.previous().isPresent()) {
            return "Not connecting: the certificate of " + untrusted.hostAndPort() + " has CHANGED since you accepted"
                    + " it. Someone may be posing as the room. If its host made a new certificate, compare its"
                    + " fingerprint " + untrusted.fingerprint() + " with the one the server prints, then join again.";
        }
        return "The room at " + untrusted.hostAndPort() + " uses a certificate of its own. Its fingerprint is "
                + untrusted.fingerprint() + "; compare it with the one the server printed before trusting it.";
    }

    private static String bodyStart(Response response) {
        try {
            String body = response.peekBody(300).string().strip();
            int line = body.indexOf('\n');
            return line >= 0 ? body.substring(0, line) : body;
        } catch (IOException | IllegalStateException e) {
            return "";
        }
    }
}

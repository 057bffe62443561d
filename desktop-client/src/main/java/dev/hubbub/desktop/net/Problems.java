package dev.hubbub.desktop.net;

import static dev.hubbub.desktop.ui.Words.t;

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
            return t("app.problem.http", "where", where, "status", String.valueOf(response.code()))
                    + (reason.isEmpty() ? "" : ": " + reason)
                    + (response.code() == 404 ? " " + t("app.problem.notHubbub") : "");
        }
        if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage())
                .startsWith("Invalid content-type")) {
            return t("app.problem.noStream", "where", where);
        }
        var untrusted = UntrustedCertificateException.in(failure);
        if (untrusted.isPresent()) {
            return describe(untrusted.get());
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return t("app.problem.unknownHost", "host", server.base().host());
            }
            if (cause instanceof ConnectException) {
                return t("app.problem.refused", "where", where);
            }
            if (cause instanceof NoRouteToHostException) {
                return t("app.problem.noRoute", "where", where);
            }
            if (cause instanceof SocketTimeoutException) {
                return t("app.problem.timeout", "where", where);
            }
            if (cause instanceof SSLException) {
                return t("app.problem.tls", "where", where, "reason", cause.getMessage());
            }
            if (cause instanceof EventStreamException) {
                return t("app.problem.broken", "where", where, "reason", cause.getMessage());
            }
        }
        if (failure instanceof IOException) {
            return failure.getMessage() == null ? t("app.problem.lost", "where", where)
                    : t("app.problem.lostBecause", "where", where, "reason", failure.getMessage());
        }
        return failure == null ? t("app.problem.ended", "where", where) : where + ": " + failure;
    }

    /** What to tell the user about a certificate the app has not accepted. */
    public static String describe(UntrustedCertificateException untrusted) {
        if (untrusted.previous().isPresent()) {
            return t("app.problem.certificateChanged", "where", untrusted.hostAndPort(),
                    "fingerprint", untrusted.fingerprint());
        }
        return t("app.problem.certificate", "where", untrusted.hostAndPort(), "fingerprint", untrusted.fingerprint());
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

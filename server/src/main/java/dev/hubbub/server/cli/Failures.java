package dev.hubbub.server.cli;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.NoSuchFileException;

/** Turns what went wrong into one sentence for a person at a terminal. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String known = describeKnown(cause);
            if (known != null) {
                return known;
            }
        }
        // Something unexpected: name the innermost cause, which says the most.
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Whether the failure is one Hubbub expects (bad input, a network problem), as opposed to a bug. */
    static boolean isExpected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (describeKnown(cause) != null) {
                return true;
            }
        }
        return false;
    }

    private static String describeKnown(Throwable cause) {
        String message = cause.getMessage();
        if (cause instanceof CommandFailure failure) {
            return failure.said();
        } else if (cause instanceof ConnectException) {
            return message == null ? Hubbub.words().t("cli.cannotConnectRefused")
                    : Hubbub.words().t("cli.cannotConnect", "reason", message);
        } else if (cause instanceof UnknownHostException) {
            return Hubbub.words().t("cli.unknownHost", "host", message);
        } else if (cause instanceof HttpTimeoutException) {
            return Hubbub.words().t("cli.timedOut", "reason", message);
        } else if (cause instanceof NoSuchFileException || cause instanceof FileNotFoundException) {
            return Hubbub.words().t("cli.noSuchFile", "file", message);
        }
        return null;
    }
}

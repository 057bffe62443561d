package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code hubbub} command speaks the machine's language when Hubbub has it: its help (every description from the
 * catalogs, none from the code), its refusals and what it prints; English otherwise.
 */
class CommandLanguagesTest {
    @Test
    void theHelpAndTheRefusalsAreInTheMachinesLanguage() throws Exception {
        try (CommandProcess help = CommandProcess.startWithJvmOptions(List.of("-Duser.language=de"), "serve",
                "--help")) {
            assertThat(help.exitCode()).isZero();
            String all = String.join("\n", help.remainingLines());
            assertThat(all).startsWith("Aufruf: hubbub serve")
                    .contains("Stellt einen Chatraum für das lokale Netzwerk bereit")
                    .contains("TCP-Port; 0 wählt einen freien (Standard: 8080).")
                    .contains("Diese Hilfe zeigen und beenden.");
        }
        try (CommandProcess refused = CommandProcess.startWithJvmOptions(List.of("-Duser.language=fr"), "serve",
                "--keep-alive-seconds", "0")) {
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("--keep-alive-seconds doit valoir au moins 1");
        }
        try (CommandProcess english = CommandProcess.startWithJvmOptions(List.of("-Duser.language=ja"), "send",
                "--help")) {
            assertThat(english.exitCode()).isZero();
            assertThat(String.join("\n", english.remainingLines())).startsWith("Usage: hubbub send")
                    .contains("Exit codes:").contains("0   stored");
        }
    }

    @Test
    void helpListsEveryCommandAndDesktopWithoutTheAppSaysWhy() throws Exception {
        try (CommandProcess help = CommandProcess.start("help")) {
            assertThat(help.exitCode()).isZero();
            String all = String.join("\n", help.remainingLines());
            assertThat(all).contains("  serve ").contains("  send ").contains("  tail ").contains("  decode ")
                    .contains("  desktop  Opens the Hubbub desktop app")
                    .contains("  backup   Copies a server's whole state")
                    .contains("  import   Moves another chat's history")
                    .contains("  export   Writes every room (or one, --room) to a file").doesNotContain("Exit codes:");
        }
        // The server alone (no app beside it): the command says so, and what to install.
        try (CommandProcess desktop = CommandProcess.start("desktop")) {
            assertThat(desktop.exitCode()).isEqualTo(1);
            assertThat(desktop.stderr()).contains("the desktop app is not part of this installation");
        }
    }
}

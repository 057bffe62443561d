package dev.hubbub.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileViewsTest {

    @Test
    void programsAndScriptsAreNeverOpenedByTheApp() {
        assertThat(FileViews.openable("plan.pdf")).isTrue();
        assertThat(FileViews.openable("photo.JPG")).isTrue();
        assertThat(FileViews.openable("README")).isTrue();
        for (String program : new String[] {"setup.exe", "Invoice.pdf.EXE", "run.sh", "launch.desktop", "x.lnk",
            "tool.jar", "script.ps1 ", "installer.msi", "app.AppImage"}) {
            assertThat(FileViews.openable(program)).as(program).isFalse();
        }
    }

    @Test
    void aNameFromTheServerIsOneNameInADirectory() {
        assertThat(FileViews.safeName("../../.bashrc")).isEqualTo(".._.._.bashrc");
        assertThat(FileViews.safeName("a\\\\b")).isEqualTo("a__b");
        assertThat(FileViews.safeName("..")).isEqualTo("file");
        assertThat(FileViews.safeName("plan.pdf")).isEqualTo("plan.pdf");
    }
}

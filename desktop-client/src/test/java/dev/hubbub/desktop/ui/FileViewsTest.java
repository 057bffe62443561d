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

    @Test
    void aFileIdFromTheServerNeverLeavesTheDownloadsFolder() {
        java.nio.file.Path downloads = java.nio.file.Path.of("/home/ann/.cache/hubbub/files");
        assertThat(FileViews.openedCopy(downloads, "onrZXiHRbcZk4RZIlQ8XOA", "plan.pdf"))
                .isEqualTo(downloads.resolve("onrZXiHRbcZk4RZIlQ8XOA/plan.pdf"));
        for (String id : new String[] {"../../.config", "..", "a/b", "", "x".repeat(65), "/etc", "a\\b", null}) {
            assertThat(FileViews.openedCopy(downloads, id, "plan.pdf")).as(String.valueOf(id)).isNull();
        }
    }

    @Test
    void aPictureDeclaringAHugeSizeIsNotDecoded() throws Exception {
        assertThat(FileViews.smallPicture(png(400, 300))).isTrue();
        assertThat(FileViews.smallPicture(png(20_000, 20_000))).as("a tiny file declaring 400 megapixels").isFalse();
        assertThat(FileViews.smallPicture("not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isFalse();
    }

    /** A PNG of that declared size: a header and one deflated row (enough for a reader's header). */
    private static byte[] png(int width, int height) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        byte[] header = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array();
        byte[] type = "IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(header.length).array());
        out.write(type);
        out.write(header);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type);
        crc.update(header);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}

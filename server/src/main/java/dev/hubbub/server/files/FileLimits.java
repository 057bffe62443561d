package dev.hubbub.server.files;

import java.time.Duration;

/**
 * How much the server takes in files; {@code hubbub serve} documents each default.
 *
 * @param maxFileBytes the largest file
 * @param maxTotalBytes all files' bytes together (each content counted once)
 * @param uploadsPerMinute uploads per client address per minute, sustained (and as a burst)
 * @param unsentGrace how long an uploaded file no message carries yet is kept for its uploader before it may go to
 *     make room (and after which it is deleted anyway)
 */
public record FileLimits(long maxFileBytes, long maxTotalBytes, int uploadsPerMinute, Duration unsentGrace) {
    public static final long DEFAULT_MAX_FILE_BYTES = 25L * 1000 * 1000;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 2L * 1000 * 1000 * 1000;
    public static final int DEFAULT_UPLOADS_PER_MINUTE = 30;
    public static final Duration DEFAULT_UNSENT_GRACE = Duration.ofHours(1);

    public FileLimits {
        if (maxFileBytes < 1 || maxTotalBytes < maxFileBytes || uploadsPerMinute < 1) {
            throw new IllegalArgumentException("file limits must be positive, and the total at least one file");
        }
    }

    public static FileLimits defaults() {
        return new FileLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_UPLOADS_PER_MINUTE,
                DEFAULT_UNSENT_GRACE);
    }

    public FileLimits withMaxFileBytes(long bytes) {
        return new FileLimits(bytes, Math.max(bytes, maxTotalBytes), uploadsPerMinute, unsentGrace);
    }

    public FileLimits withMaxTotalBytes(long bytes) {
        return new FileLimits(maxFileBytes, bytes, uploadsPerMinute, unsentGrace);
    }

    public FileLimits withUploadsPerMinute(int uploads) {
        return new FileLimits(maxFileBytes, maxTotalBytes, uploads, unsentGrace);
    }

    public FileLimits withUnsentGrace(Duration grace) {
        return new FileLimits(maxFileBytes, maxTotalBytes, uploadsPerMinute, grace);
    }
}

package dev.hubbub.server.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups taken while the server runs ({@code hubbub serve --backup-every 24h --backup-dir DIR --backup-keep 7}): one
 * every {@code every}, the first one {@code every} after the start, each into {@code DIR/hubbub-YYYYMMDD-HHMMSS} (UTC),
 * and of those only the newest {@code keep} whole ones kept (a backup cut short, with no database, goes too). On a
 * thread of its own, so the server never waits for one.
 */
public final class BackupSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'hubbub-'yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hubbub-backups");
        thread.setDaemon(true);
        return thread;
    });
    private final Path dataDir;
    private final Path filesDir;
    private final Path backupDir;
    private final int keep;
    private final Consumer<Backup.Result> taken;

    private BackupSchedule(Path dataDir, Path filesDir, Path backupDir, int keep, Consumer<Backup.Result> taken) {
        this.dataDir = dataDir;
        this.filesDir = filesDir;
        this.backupDir = backupDir;
        this.keep = keep;
        this.taken = taken;
    }

    /** Starts taking backups; {@code taken} hears of each (on the schedule's thread). */
    public static BackupSchedule start(Path dataDir, Path filesDir, Duration every, Path backupDir, int keep,
                                       Consumer<Backup.Result> taken) {
        if (every.compareTo(Duration.ofSeconds(1)) < 0 || keep < 1) {
            throw new IllegalArgumentException("a backup schedule needs an interval of a second or more and keep >= 1");
        }
        BackupSchedule schedule = new BackupSchedule(dataDir, filesDir, backupDir, keep, taken);
        schedule.timer.scheduleWithFixedDelay(schedule::takeOne, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return schedule;
    }

    /**
     * Takes one backup now (on the caller's thread) and drops the oldest beyond {@code keep}. The directory of
     * backups is made {@code 0700} when it is missing; each backup is a new directory of its own in it, private
     * ({@link Backup#take}).
     */
    public Backup.Result takeNow() throws IOException {
        if (!Files.isDirectory(backupDir)) {
            dev.hubbub.server.DataDirectory.privateDirectory(backupDir);
        }
        Path out = backupDir.resolve(NAME.format(java.time.Instant.now()));
        for (int i = 2; Files.exists(out, LinkOption.NOFOLLOW_LINKS); i++) {
            out = backupDir.resolve(NAME.format(java.time.Instant.now()) + "-" + i);
        }
        Backup.Result result = Backup.take(dataDir, filesDir, out);
        prune();
        return result;
    }

    private void takeOne() {
        try {
            taken.accept(takeNow());
        } catch (IOException | RuntimeException e) {
            LOG.error("the scheduled backup into {} failed: {}", backupDir, e.toString());
        }
    }

    /**
     * Deletes all but the newest {@code keep} whole backups this schedule made, and any cut short before them; a
     * symbolic link among them is none of its backups, and is left alone.
     */
    private void prune() throws IOException {
        List<Path> ours = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(backupDir, "hubbub-*")) {
            all.forEach(backup -> {
                if (Files.isDirectory(backup, LinkOption.NOFOLLOW_LINKS)) {
                    ours.add(backup);
                }
            });
        }
        ours.sort(Comparator.comparing(Path::getFileName).reversed());
        int whole = 0;
        for (Path backup : ours) {
            boolean complete = Files.exists(backup.resolve(Backup.MANIFEST));
            if (complete && whole < keep) {
                whole++;
            } else if (whole > 0) {
                deleteTree(backup);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

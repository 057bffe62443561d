package dev.hubbub.server.store;

import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents.RoomInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Directory} in SQLite. Names, tokens and rooms are few and read on every request, so they are also kept
 * in memory, loaded at start and written through; link codes are read from the database. Every change runs on the
 * store's writer thread, one at a time, and updates memory once committed, so a check and its act cannot interleave
 * with another change and no lock is held while the disk syncs.
 */
final class SqliteDirectory implements Directory {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Link codes use letters and digits that cannot be mistaken for each other when read aloud or typed. */
    private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private final SqliteEventLog writes;
    private final Map<String, Identity> names = new ConcurrentHashMap<>();
    private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
    private final List<RoomInfo> rooms = new ArrayList<>();
    private final Map<String, String> roomKeys = new ConcurrentHashMap<>();

    /** Loads what is kept in memory; every change then goes through {@code writes}' writer thread. */
    SqliteDirectory(SqliteEventLog writes, SqliteReaders readers) {
        this.writes = writes;
        readers.read(db -> {
            try (Statement s = db.createStatement()) {
                try (ResultSet rows = s.executeQuery("SELECT key, name FROM names")) {
                    while (rows.next()) {
                        names.put(rows.getString(1), new Identity(rows.getString(2), rows.getString(1)));
                    }
                }
                try (ResultSet rows = s.executeQuery("SELECT hash, name_key FROM tokens")) {
                    while (rows.next()) {
                        Identity who = names.get(rows.getString(2));
                        if (who != null) {
                            tokens.put(rows.getString(1), who);
                        }
                    }
                }
                try (ResultSet rows = s.executeQuery("SELECT id, name, name_key FROM rooms "
                        + "ORDER BY id != 'general', created_micros, id")) {
                    while (rows.next()) {
                        rooms.add(new RoomInfo(rows.getString(1), rows.getString(2)));
                        roomKeys.put(rows.getString(3), rows.getString(1));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public java.util.Collection<String> claimedNames() {
        return names.values().stream().map(Identity::name).toList();
    }

    @Override
    public String claim(String name, String key) {
        Identity identity = new Identity(name, key);
        String token = newToken();
        return writes.change(db -> {
            if (names.containsKey(key)) {
                throw new NameTakenException(name);
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO names (key, name, claimed_micros) VALUES (?, ?, ?)")) {
                insert.setString(1, key);
                insert.setString(2, name);
                insert.setLong(3, SqliteStore.micros(Instant.now()));
                insert.executeUpdate();
            }
            insertToken(db, token, key);
            return token;
        }, committed -> {
            names.put(key, identity);
            tokens.put(hash(token), identity);
        });
    }

    @Override
    public String issueToken(Identity identity) {
        String token = newToken();
        return writes.change(db -> {
            insertToken(db, token, identity.key());
            return token;
        }, committed -> tokens.put(hash(token), names.getOrDefault(identity.key(), identity)));
    }

    private static void insertToken(Connection db, String token, String key) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO tokens (hash, name_key, issued_micros) VALUES (?, ?, ?)")) {
            insert.setString(1, hash(token));
            insert.setString(2, key);
            insert.setLong(3, SqliteStore.micros(Instant.now()));
            insert.executeUpdate();
        }
    }

    @Override
    public Optional<Identity> identify(String token) {
        return token == null || token.isEmpty() ? Optional.empty() : Optional.ofNullable(tokens.get(hash(token)));
    }

    @Override
    public boolean isClaimed(String key) {
        return names.containsKey(key);
    }

    @Override
    public Optional<Identity> claimed(String key) {
        return Optional.ofNullable(names.get(key));
    }

    @Override
    public void revoke(String token) {
        String hash = hash(token);
        writes.change(db -> {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM tokens WHERE hash = ?")) {
                delete.setString(1, hash);
                delete.executeUpdate();
            }
            return null;
        }, committed -> tokens.remove(hash));
    }

    @Override
    public String linkCode(Identity identity, Instant expires) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        writes.change(db -> {
            try (PreparedStatement expired = db.prepareStatement(
                    "DELETE FROM link_codes WHERE expires_micros < ?")) {
                expired.setLong(1, SqliteStore.micros(Instant.now()));
                expired.executeUpdate();
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO link_codes (hash, name_key, expires_micros) VALUES (?, ?, ?)")) {
                insert.setString(1, hash(normalizeCode(code.toString())));
                insert.setString(2, identity.key());
                insert.setLong(3, SqliteStore.micros(expires));
                insert.executeUpdate();
            }
            return null;
        }, committed -> { });
        return code.toString();
    }

    @Override
    public Optional<Identity> redeem(String code, Instant now) {
        String hash = hash(normalizeCode(code));
        String key = writes.change(db -> {
            String found = null;
            try (PreparedStatement find = db.prepareStatement(
                    "SELECT name_key, expires_micros FROM link_codes WHERE hash = ?")) {
                find.setString(1, hash);
                try (ResultSet rows = find.executeQuery()) {
                    if (rows.next() && rows.getLong(2) >= SqliteStore.micros(now)) {
                        found = rows.getString(1);
                    }
                }
            }
            try (PreparedStatement used = db.prepareStatement("DELETE FROM link_codes WHERE hash = ?")) {
                used.setString(1, hash);
                used.executeUpdate();
            }
            return found;
        }, committed -> { });
        return key == null ? Optional.empty() : Optional.ofNullable(names.get(key));
    }

    /** Codes are read by people: case, spaces and dashes do not matter. */
    static String normalizeCode(String code) {
        return code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    @Override
    public List<RoomInfo> rooms() {
        synchronized (rooms) {
            return List.copyOf(rooms);
        }
    }

    @Override
    public Optional<RoomInfo> room(String id) {
        synchronized (rooms) {
            return rooms.stream().filter(r -> r.id().equals(id)).findFirst();
        }
    }

    @Override
    public RoomInfo createRoom(String name, String createdByKey, Instant at) {
        String key = Names.key(name);
        return writes.change(db -> {
            String existing = roomKeys.get(key);
            if (existing != null) {
                throw new RoomExistsException(room(existing).orElseThrow());
            }
            RoomInfo room = new RoomInfo(freeId(slug(name)), name);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO rooms (id, name, name_key, "
                    + "created_by, created_micros) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, room.id());
                insert.setString(2, name);
                insert.setString(3, key);
                insert.setString(4, createdByKey);
                insert.setLong(5, SqliteStore.micros(at));
                insert.executeUpdate();
            }
            return room;
        }, room -> {
            synchronized (rooms) {
                rooms.add(room);
            }
            roomKeys.put(key, room.id());
        });
    }

    /** A room's id from its name: lower-case ASCII letters and digits, other runs made one '-'. */
    static String slug(String name) {
        String ascii = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 32) {
            slug = slug.substring(0, 32).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "room" : slug;
    }

    private String freeId(String wanted) {
        synchronized (rooms) {
            String id = wanted;
            for (int n = 2; containsId(id) || id.startsWith("dm-"); n++) {
                id = wanted + "-" + n;
            }
            return id;
        }
    }

    private boolean containsId(String id) {
        return rooms.stream().anyMatch(r -> r.id().equals(id));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // the connections are the store's
    }
}

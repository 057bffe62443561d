package dev.hubbub.server.store;

import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents.RoomInfo;
import dev.hubbub.server.unicode.Lookalikes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Directory} in SQLite. Persons ({@code persons}: id, name, host, removed), the names they hold
 * ({@code names}: name key → person), tokens ({@code tokens}: hash → person; its column {@code name_key} holds the
 * person's id, which for those who claimed before persons existed is their name's key) and rooms are few and read on
 * every request, so they are also kept in memory, loaded at start and written through; link codes are read from the
 * database. Every change runs on the
 * store's writer thread, one at a time, and updates memory once committed, so a check and its act cannot interleave
 * with another change and no lock is held while the disk syncs.
 */
final class SqliteDirectory implements Directory {
    private final SqliteWriter writes;
    /** Pictures are read from the database when asked for (they are not kept in memory: a few KB each). */
    private final SqliteReaders readers;
    /** Claimed names by name key, each with the person holding it. */
    private final Map<String, Identity> names = new ConcurrentHashMap<>();
    /** Claimed names by each of their lookalike keys ({@link Lookalikes#lookalikeKeys}). */
    private final Map<String, Identity> lookalikes = new ConcurrentHashMap<>();
    /** The persons holding a name, by person key. */
    private final Map<String, Identity> holders = new ConcurrentHashMap<>();
    private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
    /** When each token (by hash) was last seen as stored, to store it again only {@link #SEEN_EVERY} later. */
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final SeenBatch seenLater;
    private final List<RoomInfo> rooms = new ArrayList<>();
    private final Map<String, String> roomKeys = new ConcurrentHashMap<>();
    /** The ids of deleted rooms: never given to a new room, so nothing once stored under one is taken for its. */
    private final java.util.Set<String> deletedRooms = ConcurrentHashMap.newKeySet();
    /** Person keys of the hosts and of removed people; muted keys (a person's, or a name nobody claimed) until when. */
    private final java.util.Set<String> hosts = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> removed = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> mutes = new ConcurrentHashMap<>();
    /** Statuses by person key: one small entry per person who set one, read for everyone online. */
    private final Map<String, dev.hubbub.chat.PersonStatus> statuses = new ConcurrentHashMap<>();
    private volatile String inviteKey;
    /** Each person's rooms (General only when they marked it), by person key, then room id. Guarded by itself. */
    private final Map<String, Map<String, Membership>> joined = new java.util.HashMap<>();
    /** The rooms' topics, by id. */
    private final Map<String, String> topics = new ConcurrentHashMap<>();
    /** The rooms with a retention of their own, by id. */
    private final Map<String, Retention> retention = new ConcurrentHashMap<>();

    /** Loads what is kept in memory; every change then goes through {@code writes}' writer thread. */
    SqliteDirectory(SqliteWriter writes, SqliteReaders readers) {
        this.writes = writes;
        this.readers = readers;
        this.seenLater = new SeenBatch(batch -> writes.change(db -> {
            for (Map.Entry<String, Instant> one : batch.entrySet()) {
                SqliteStore.update(db, "UPDATE tokens SET seen_micros = ? WHERE hash = ?",
                        SqliteStore.micros(one.getValue()), one.getKey());
            }
            return null;
        }, n -> { }));
        readers.read(db -> {
            try (Statement s = db.createStatement()) {
                try (ResultSet rows = s.executeQuery("SELECT id, host, removed FROM persons")) {
                    while (rows.next()) {
                        if (rows.getInt(2) == 1) {
                            hosts.add(rows.getString(1));
                        }
                        if (rows.getInt(3) == 1) {
                            removed.add(rows.getString(1));
                        }
                    }
                }
                try (ResultSet rows = s.executeQuery("SELECT key, name, person FROM names")) {
                    while (rows.next()) {
                        Identity holder = new Identity(rows.getString(2), rows.getString(3));
                        names.put(rows.getString(1), holder);
                        holders.put(holder.key(), holder);
                        Lookalikes.lookalikeKeys(holder.name()).forEach(k -> lookalikes.putIfAbsent(k, holder));
                    }
                }
                try (ResultSet rows = s.executeQuery("SELECT key, until_micros FROM mutes")) {
                    while (rows.next()) {
                        mutes.put(rows.getString(1), SqliteStore.instant(rows.getLong(2)));
                    }
                }
                try (ResultSet rows = s.executeQuery("SELECT person, status FROM statuses")) {
                    while (rows.next()) {
                        statuses.put(rows.getString(1), dev.hubbub.chat.ChatJson.read(rows.getString(2),
                                dev.hubbub.chat.PersonStatus.class));
                    }
                }
                inviteKey = SqliteStore.meta(db, "invite_key");
                try (ResultSet rows = s.executeQuery("SELECT hash, name_key, seen_micros FROM tokens")) {
                    while (rows.next()) {
                        Identity who = holders.get(rows.getString(2));
                        if (who != null) {
                            tokens.put(rows.getString(1), who);
                            long micros = rows.getLong(3);
                            if (!rows.wasNull()) {
                                seen.put(rows.getString(1), SqliteStore.instant(micros));
                            }
                        }
                    }
                }
                try (ResultSet rows = s.executeQuery("SELECT person, room, starred, hidden FROM memberships")) {
                    while (rows.next()) {
                        joined.computeIfAbsent(rows.getString(1), k -> new java.util.HashMap<>()).put(
                                rows.getString(2), new Membership(rows.getString(2), rows.getInt(3) == 1,
                                        rows.getInt(4) == 1));
                    }
                }
                try (ResultSet rows = s.executeQuery("SELECT id, name, name_key, read_only, slow_seconds, archived, "
                        + "deleted_micros, topic, keep_days, keep_messages FROM rooms "
                        + "ORDER BY id != 'general', created_micros, id")) {
                    while (rows.next()) {
                        rows.getLong(7);
                        if (!rows.wasNull()) {
                            deletedRooms.add(rows.getString(1));
                            continue;
                        }
                        if (rows.getInt(9) != 0 || rows.getInt(10) != 0) {
                            retention.put(rows.getString(1), new Retention(rows.getInt(9), rows.getInt(10)));
                        }
                        String topic = rows.getString(8);
                        if (topic != null && !topic.isEmpty()) {
                            topics.put(rows.getString(1), topic);
                        }
                        rooms.add(new RoomInfo(rows.getString(1), rows.getString(2), rows.getInt(4) == 1,
                                rows.getInt(5), rows.getInt(6) == 1, false));
                        roomKeys.put(rows.getString(3), rows.getString(1));
                        for (String lookalike : Lookalikes.lookalikeKeys(rows.getString(2))) {
                            roomKeys.putIfAbsent(lookalike, rows.getString(1));
                        }
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
    public String claim(String name, String key, String device) {
        Identity identity = new Identity(name, Secrets.newPersonKey());
        String token = Secrets.newToken();
        List<String> looks = Lookalikes.lookalikeKeys(name);
        return writes.change(db -> {
            Identity holder = names.get(key);
            for (int i = 0; holder == null && i < looks.size(); i++) {
                holder = lookalikes.get(looks.get(i));
            }
            if (holder != null) {
                throw new NameTakenException(holder.name());
            }
            SqliteStore.update(db, "INSERT INTO persons (id, name) VALUES (?, ?)", identity.key(), name);
            SqliteStore.update(db, "INSERT INTO names (key, name, claimed_micros, person) VALUES (?, ?, ?, ?)", key,
                    name, SqliteStore.micros(Instant.now()), identity.key());
            insertToken(db, token, identity.key(), device);
            return token;
        }, committed -> {
            names.put(key, identity);
            holders.put(identity.key(), identity);
            looks.forEach(k -> lookalikes.put(k, identity));
            tokens.put(Secrets.hash(token), identity);
        });
    }

    @Override
    public String issueToken(Identity identity, String device) {
        String token = Secrets.newToken();
        return writes.change(db -> {
            insertToken(db, token, identity.key(), device);
            return token;
        }, committed -> tokens.put(Secrets.hash(token), holders.getOrDefault(identity.key(), identity)));
    }

    private static void insertToken(Connection db, String token, String key, String device) throws SQLException {
        SqliteStore.update(db, "INSERT INTO tokens (hash, name_key, issued_micros, device) VALUES (?, ?, ?, ?)",
                Secrets.hash(token), key, SqliteStore.micros(Instant.now()), Devices.clipped(device));
    }

    @Override
    public List<Device> devices(String personKey) {
        return readers.read(db -> {
            List<Device> devices = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement("SELECT hash, device, issued_micros, seen_micros "
                    + "FROM tokens WHERE name_key = ? ORDER BY issued_micros DESC")) {
                select.setString(1, personKey);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        devices.add(device(rows));
                    }
                }
            }
            return devices;
        });
    }

    /** A token's row (hash, device, issued, seen) as the device it names. */
    private Device device(ResultSet rows) throws SQLException {
        // When seen: as noted here (stored within seconds), else as stored.
        long seenMicros = rows.getLong(4);
        Instant stored = rows.wasNull() ? null : SqliteStore.instant(seenMicros);
        return new Device(Devices.id(rows.getString(1)), rows.getString(2), SqliteStore.instant(rows.getLong(3)),
                seen.getOrDefault(rows.getString(1), stored));
    }

    @Override
    public List<Person> people(Instant now) {
        return readers.read(db -> {
            Map<String, List<Device>> devices = new HashMap<>();
            try (PreparedStatement select = db.prepareStatement("SELECT hash, device, issued_micros, seen_micros, "
                    + "name_key FROM tokens ORDER BY issued_micros DESC");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    devices.computeIfAbsent(rows.getString(5), k -> new ArrayList<>()).add(device(rows));
                }
            }
            java.util.Set<String> withPassphrase = new java.util.HashSet<>();
            try (PreparedStatement select = db.prepareStatement(
                    "SELECT id FROM persons WHERE passphrase IS NOT NULL");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    withPassphrase.add(rows.getString(1));
                }
            }
            List<Person> people = new ArrayList<>();
            for (Identity who : new java.util.LinkedHashSet<>(names.values())) {
                people.add(new Person(who, devices.getOrDefault(who.key(), List.of()), isHost(who.key()),
                        isRemoved(who.key()), mutedUntil(who.key(), now).orElse(null),
                        withPassphrase.contains(who.key())));
            }
            return people;
        });
    }

    @Override
    public void seen(String token, Instant at) {
        String hash = Secrets.hash(token);
        Instant last = seen.get(hash);
        if (!tokens.containsKey(hash) || last != null && last.plus(SEEN_EVERY).isAfter(at)) {
            return;
        }
        seen.put(hash, at);
        seenLater.note(hash, at);
    }

    @Override
    public boolean signOut(String personKey, String deviceId) {
        String hash = tokens.entrySet().stream().filter(e -> e.getValue().key().equals(personKey)
                && Devices.id(e.getKey()).equals(deviceId)).map(Map.Entry::getKey).findFirst().orElse(null);
        if (hash == null) {
            return false;
        }
        writes.change(db -> SqliteStore.update(db, "DELETE FROM tokens WHERE hash = ?", hash), n -> {
            tokens.remove(hash);
            seen.remove(hash);
        });
        return true;
    }

    @Override
    public Optional<String> passphrase(String personKey) {
        return readers.read(db -> {
            try (PreparedStatement select = db.prepareStatement("SELECT passphrase FROM persons WHERE id = ?")) {
                select.setString(1, personKey);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void setPassphrase(String personKey, String hash) {
        writes.change(db -> SqliteStore.update(db, "UPDATE persons SET passphrase = ? WHERE id = ?", hash,
                personKey), n -> { });
    }

    @Override
    public void resetSignIn(String personKey) {
        writes.change(db -> endSignIns(db, personKey), n -> forgetTokensOf(personKey));
    }

    /**
     * In the writer's transaction: every way back in that a person has ends (their tokens, their link codes, their
     * passphrase). The host's reset and freeing a name both start with this.
     */
    private static int endSignIns(java.sql.Connection db, String personKey) throws java.sql.SQLException {
        SqliteStore.update(db, "DELETE FROM tokens WHERE name_key = ?", personKey);
        SqliteStore.update(db, "DELETE FROM link_codes WHERE name_key = ?", personKey);
        return SqliteStore.update(db, "UPDATE persons SET passphrase = NULL WHERE id = ?", personKey);
    }

    private void forgetTokensOf(String personKey) {
        tokens.entrySet().removeIf(e -> {
            if (e.getValue().key().equals(personKey)) {
                seen.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    @Override
    public void letBackIn(String key) {
        writes.change(db -> SqliteStore.update(db, "UPDATE persons SET removed = 0 WHERE id = ?", key),
                n -> removed.remove(key));
    }

    @Override
    public Optional<Identity> identify(String token) {
        return token == null || token.isEmpty() ? Optional.empty() : Optional.ofNullable(tokens.get(Secrets.hash(token)))
                .filter(who -> !removed.contains(who.key()));
    }

    @Override
    public Optional<Identity> holder(String token) {
        return token == null || token.isEmpty() ? Optional.empty() : Optional.ofNullable(tokens.get(Secrets.hash(token)));
    }

    @Override
    public boolean isHost(String key) {
        return hosts.contains(key);
    }

    @Override
    public void makeHost(String key) {
        writes.change(db -> SqliteStore.update(db, "UPDATE persons SET host = 1 WHERE id = ?", key),
                n -> hosts.add(key));
    }

    @Override
    public Optional<Instant> mutedUntil(String key, Instant now) {
        Instant until = mutes.get(key);
        return until == null || !until.isAfter(now) ? Optional.empty() : Optional.of(until);
    }

    @Override
    public void mute(String key, Instant until) {
        writes.change(db -> until == null ? SqliteStore.update(db, "DELETE FROM mutes WHERE key = ?", key)
                : SqliteStore.update(db, "INSERT OR REPLACE INTO mutes (key, until_micros) VALUES (?, ?)", key,
                        SqliteStore.micros(until)), n -> {
                            if (until == null) {
                                mutes.remove(key);
                            } else {
                                mutes.put(key, until);
                            }
                        });
    }

    @Override
    public boolean isRemoved(String key) {
        return removed.contains(key);
    }

    @Override
    public void remove(String key) {
        writes.change(db -> SqliteStore.update(db, "UPDATE persons SET removed = 1, host = 0 WHERE id = ?", key), n -> {
            removed.add(key);
            hosts.remove(key);
        });
    }

    @Override
    public void free(String key) {
        writes.change(db -> {
            endSignIns(db, key);
            SqliteStore.update(db, "DELETE FROM mutes WHERE key = ?", key);
            SqliteStore.update(db, "DELETE FROM pictures WHERE key = ?", key);
            SqliteStore.update(db, "DELETE FROM statuses WHERE person = ?", key);
            SqliteStore.update(db, "DELETE FROM memberships WHERE person = ?", key);
            SqliteStore.update(db, "UPDATE persons SET host = 0 WHERE id = ?", key);
            return SqliteStore.update(db, "DELETE FROM names WHERE person = ?", key);
        }, n -> {
            forgetTokensOf(key);
            names.values().removeIf(who -> who.key().equals(key));
            lookalikes.values().removeIf(who -> who.key().equals(key));
            holders.remove(key);
            hosts.remove(key);
            mutes.remove(key);
            statuses.remove(key);
            synchronized (joined) {
                joined.remove(key);
            }
        });
    }

    @Override
    public Map<String, dev.hubbub.chat.PersonStatus> statuses() {
        Map<String, dev.hubbub.chat.PersonStatus> byName = new java.util.HashMap<>();
        statuses.forEach((key, status) -> {
            Identity holder = holders.get(key);
            if (holder != null) {
                byName.put(holder.name(), status);
            }
        });
        return byName;
    }

    @Override
    public dev.hubbub.chat.PersonStatus status(String key) {
        dev.hubbub.chat.PersonStatus status = holders.containsKey(key) ? statuses.get(key) : null;
        return status != null ? status : dev.hubbub.chat.PersonStatus.PLAIN;
    }

    @Override
    public void setStatus(String key, dev.hubbub.chat.PersonStatus status) {
        boolean clear = status == null || status.isPlain();
        writes.change(db -> clear ? SqliteStore.update(db, "DELETE FROM statuses WHERE person = ?", key)
                : SqliteStore.update(db, "INSERT OR REPLACE INTO statuses (person, status) VALUES (?, ?)", key,
                        dev.hubbub.chat.ChatJson.write(status)), n -> {
                            if (clear) {
                                statuses.remove(key);
                            } else {
                                statuses.put(key, status);
                            }
                        });
    }

    @Override
    public Optional<byte[]> picture(String key) {
        return readers.read(db -> {
            try (java.sql.PreparedStatement q = db.prepareStatement("SELECT png FROM pictures WHERE key = ?")) {
                q.setString(1, key);
                try (java.sql.ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public void setPicture(String key, byte[] png) {
        if (png != null && png.length > MAX_PICTURE_BYTES) {
            throw new IllegalArgumentException("a picture is at most " + MAX_PICTURE_BYTES + " bytes");
        }
        writes.change(db -> png == null ? SqliteStore.update(db, "DELETE FROM pictures WHERE key = ?", key)
                : SqliteStore.update(db, "INSERT OR REPLACE INTO pictures (key, png) VALUES (?, ?)", key, png),
                n -> { });
    }

    @Override
    public Optional<String> inviteKey() {
        return Optional.ofNullable(inviteKey);
    }

    @Override
    public String newInviteKey(boolean signOutEveryone) {
        String key = Secrets.newToken().substring(0, 22);
        writes.change(db -> {
            SqliteStore.update(db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('invite_key', ?)", key);
            if (signOutEveryone) {
                SqliteStore.update(db, "DELETE FROM tokens WHERE name_key NOT IN (SELECT id FROM persons WHERE host = 1)");
            }
            return null;
        }, n -> {
            inviteKey = key;
            if (signOutEveryone) {
                tokens.values().removeIf(who -> !hosts.contains(who.key()));
                seen.keySet().retainAll(tokens.keySet());
            }
        });
        return key;
    }

    @Override
    public void openToAll() {
        writes.change(db -> SqliteStore.update(db, "DELETE FROM meta WHERE key = 'invite_key'"), n -> inviteKey = null);
    }

    /** The next instant each person may post in each slow-mode room, by "room key"; this server's alone. */
    private final Map<String, Instant> slowModeTurns = new ConcurrentHashMap<>();

    @Override
    public Optional<java.time.Duration> takeSlowModeTurn(String room, String key, int seconds, Instant now) {
        Instant[] wait = {null};
        slowModeTurns.compute(room + " " + key, (slot, next) -> {
            if (next != null && next.isAfter(now)) {
                wait[0] = next;
                return next;
            }
            return now.plusSeconds(seconds);
        });
        if (slowModeTurns.size() > 100_000) {
            slowModeTurns.values().removeIf(next -> next.isBefore(now));
        }
        return wait[0] == null ? Optional.empty() : Optional.of(java.time.Duration.between(now, wait[0]));
    }

    @Override
    public String hostToken(String proposed) {
        return writes.change(db -> {
            SqliteStore.update(db, "INSERT OR IGNORE INTO meta (key, value) VALUES ('host_token', ?)", proposed);
            return SqliteStore.meta(db, "host_token");
        }, kept -> { });
    }

    @Override
    public RoomInfo setRules(String id, boolean readOnly, int slowModeSeconds) {
        RoomInfo now = room(id).orElseThrow(() -> new IllegalArgumentException("there is no room '" + id + "'"))
                .withRules(readOnly, slowModeSeconds);
        writes.change(db -> SqliteStore.update(db, "UPDATE rooms SET read_only = ?, slow_seconds = ? WHERE id = ?",
                readOnly ? 1 : 0, slowModeSeconds, id), n -> {
                    synchronized (rooms) {
                        rooms.replaceAll(r -> r.id().equals(id) ? now : r);
                    }
                });
        return now;
    }


    @Override
    public RoomInfo setArchived(String id, boolean archived) {
        RoomInfo now = room(id).orElseThrow(() -> new IllegalArgumentException("there is no room '" + id + "'"))
                .withArchived(archived);
        writes.change(db -> SqliteStore.update(db, "UPDATE rooms SET archived = ? WHERE id = ?", archived ? 1 : 0,
                id), n -> {
                    synchronized (rooms) {
                        rooms.replaceAll(r -> r.id().equals(id) ? now : r);
                    }
                });
        return now;
    }

    @Override
    public Map<String, Retention> retention() {
        return Map.copyOf(retention);
    }

    @Override
    public void setRetention(String room, Retention kept) {
        if (room(room).isEmpty()) {
            throw new IllegalArgumentException("there is no room '" + room + "'");
        }
        writes.change(db -> SqliteStore.update(db, "UPDATE rooms SET keep_days = ?, keep_messages = ? WHERE id = ?",
                kept.days(), kept.messages(), room), n -> {
                    if (kept.equals(Retention.SERVER)) {
                        retention.remove(room);
                    } else {
                        retention.put(room, kept);
                    }
                });
    }

    @Override
    public RoomInfo renameRoom(String id, String name) {
        String key = Names.key(name);
        List<String> looks = Lookalikes.lookalikeKeys(name);
        return writes.change(db -> {
            RoomInfo now = room(id).orElseThrow(() -> new IllegalArgumentException("there is no room '" + id + "'"))
                    .withName(name);
            List<String> keys = new ArrayList<>(looks);
            keys.add(0, key);
            for (String k : keys) {
                String holder = roomKeys.get(k);
                if (holder != null && !holder.equals(id)) {
                    throw new RoomExistsException(room(holder).orElseThrow());
                }
            }
            SqliteStore.update(db, "UPDATE rooms SET name = ?, name_key = ? WHERE id = ?", name, key, id);
            return now;
        }, now -> {
            synchronized (rooms) {
                rooms.replaceAll(r -> r.id().equals(id) ? now : r);
            }
            roomKeys.values().removeIf(id::equals);
            roomKeys.put(key, id);
            looks.forEach(k -> roomKeys.putIfAbsent(k, id));
        });
    }

    @Override
    public Optional<RoomInfo> deleteRoom(String id, Instant at) {
        Optional<RoomInfo> room = room(id);
        if (room.isEmpty() || id.equals(Conversations.GENERAL)) {
            return Optional.empty();
        }
        int deleted = writes.change(db -> {
            int n = SqliteStore.update(db, "UPDATE rooms SET deleted_micros = ?, name_key = ? WHERE id = ? AND "
                    + "deleted_micros IS NULL", SqliteStore.micros(at), "~deleted " + id, id);
            SqliteStore.update(db, "DELETE FROM memberships WHERE room = ?", id);
            return n;
        }, n -> {
                    if (n > 0) {
                        synchronized (joined) {
                            joined.values().forEach(rooms -> rooms.remove(id));
                        }
                        topics.remove(id);
                        retention.remove(id);
                        synchronized (rooms) {
                            rooms.removeIf(r -> r.id().equals(id));
                        }
                        deletedRooms.add(id);
                        roomKeys.values().removeIf(id::equals);
                    }
                });
        return deleted > 0 ? room : Optional.empty();
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
    public Optional<Identity> claimedLookalike(String name) {
        Identity holder = names.get(Names.key(name));
        if (holder != null) {
            return Optional.of(holder);
        }
        return Lookalikes.lookalikeKeys(name).stream().map(lookalikes::get).filter(java.util.Objects::nonNull)
                .findFirst();
    }

    @Override
    public void revoke(String token) {
        String hash = Secrets.hash(token);
        writes.change(db -> {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM tokens WHERE hash = ?")) {
                delete.setString(1, hash);
                delete.executeUpdate();
            }
            return null;
        }, committed -> {
            tokens.remove(hash);
            seen.remove(hash);
        });
    }

    @Override
    public String linkCode(Identity identity, Instant expires) {
        String code = Secrets.newLinkCode();
        writes.change(db -> {
            try (PreparedStatement expired = db.prepareStatement(
                    "DELETE FROM link_codes WHERE expires_micros < ?")) {
                expired.setLong(1, SqliteStore.micros(Instant.now()));
                expired.executeUpdate();
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO link_codes (hash, name_key, expires_micros) VALUES (?, ?, ?)")) {
                insert.setString(1, Secrets.hash(Secrets.normalizeCode(code)));
                insert.setString(2, identity.key());
                insert.setLong(3, SqliteStore.micros(expires));
                insert.executeUpdate();
            }
            return null;
        }, committed -> { });
        return code;
    }

    @Override
    public Optional<Identity> redeem(String code, Instant now) {
        String hash = Secrets.hash(Secrets.normalizeCode(code));
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
        return key == null ? Optional.empty() : Optional.ofNullable(holders.get(key));
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
    public RoomInfo createRoom(String name, String createdByKey, Instant at, int maxRooms) {
        String key = Names.key(name);
        List<String> looks = Lookalikes.lookalikeKeys(name);
        return writes.change(db -> {
            String existing = roomKeys.get(key);
            for (int i = 0; existing == null && i < looks.size(); i++) {
                existing = roomKeys.get(looks.get(i));
            }
            if (existing != null) {
                throw new RoomExistsException(room(existing).orElseThrow());
            }
            // On the one writer thread, so no other creation comes between this count and the insert.
            int count;
            synchronized (rooms) {
                count = rooms.size();
            }
            if (count >= maxRooms) {
                throw new RoomsFullException(maxRooms);
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
            if (createdByKey != null) {
                SqliteStore.update(db, "INSERT OR IGNORE INTO memberships (person, room) VALUES (?, ?)",
                        createdByKey, room.id());
            }
            return room;
        }, room -> {
            synchronized (rooms) {
                rooms.add(room);
            }
            if (createdByKey != null) {
                synchronized (joined) {
                    joined.computeIfAbsent(createdByKey, k -> new java.util.HashMap<>())
                            .put(room.id(), new Membership(room.id(), false, false));
                }
            }
            roomKeys.put(key, room.id());
            looks.forEach(k -> roomKeys.put(k, room.id()));
        });
    }

    @Override
    public List<Membership> memberships(String personKey) {
        List<Membership> mine = new ArrayList<>();
        List<RoomInfo> all = rooms(); // before taking joined's lock: never the two locks at once
        synchronized (joined) {
            Map<String, Membership> rooms = joined.getOrDefault(personKey, Map.of());
            mine.add(rooms.getOrDefault(Conversations.GENERAL, new Membership(Conversations.GENERAL, false, false)));
            for (RoomInfo room : all) {
                Membership in = rooms.get(room.id());
                if (in != null && !room.id().equals(Conversations.GENERAL)) {
                    mine.add(in);
                }
            }
        }
        return mine;
    }

    @Override
    public Map<String, Integer> memberCounts() {
        Map<String, Integer> counts = new java.util.HashMap<>();
        List<String> ids = rooms().stream().map(RoomInfo::id).toList();
        ids.forEach(id -> counts.put(id, 0));
        synchronized (joined) {
            joined.forEach((person, rooms) -> rooms.keySet().forEach(room -> counts.merge(room, 1, Integer::sum)));
        }
        counts.put(Conversations.GENERAL, holders.size());
        counts.keySet().retainAll(ids);
        return counts;
    }

    @Override
    public Membership join(String personKey, String room, boolean starred, boolean hidden) {
        if (room(room).isEmpty()) {
            throw new IllegalArgumentException("there is no room '" + room + "'");
        }
        Membership now = new Membership(room, starred, hidden);
        writes.change(db -> SqliteStore.update(db, "INSERT OR REPLACE INTO memberships (person, room, starred, "
                + "hidden) VALUES (?, ?, ?, ?)", personKey, room, starred ? 1 : 0, hidden ? 1 : 0), n -> {
                    synchronized (joined) {
                        joined.computeIfAbsent(personKey, k -> new java.util.HashMap<>()).put(room, now);
                    }
                });
        return now;
    }

    @Override
    public boolean leave(String personKey, String room) {
        if (room.equals(Conversations.GENERAL)) {
            throw new IllegalArgumentException("everyone stays in General");
        }
        int left = writes.change(db -> SqliteStore.update(db, "DELETE FROM memberships WHERE person = ? AND room = ?",
                personKey, room), n -> {
                    synchronized (joined) {
                        Map<String, Membership> rooms = joined.get(personKey);
                        if (rooms != null) {
                            rooms.remove(room);
                        }
                    }
                });
        return left > 0;
    }

    @Override
    public Map<String, String> topics() {
        return Map.copyOf(topics);
    }

    @Override
    public void setTopic(String room, String topic) {
        if (room(room).isEmpty()) {
            throw new IllegalArgumentException("there is no room '" + room + "'");
        }
        Directory.checkTopic(topic);
        writes.change(db -> SqliteStore.update(db, "UPDATE rooms SET topic = ? WHERE id = ?",
                topic.isEmpty() ? null : topic, room), n -> {
                    if (topic.isEmpty()) {
                        topics.remove(room);
                    } else {
                        topics.put(room, topic);
                    }
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
            for (int n = 2; containsId(id) || deletedRooms.contains(id) || id.startsWith("dm-"); n++) {
                id = wanted + "-" + n;
            }
            return id;
        }
    }

    private boolean containsId(String id) {
        return rooms.stream().anyMatch(r -> r.id().equals(id));
    }

    @Override
    public void close() {
        seenLater.close();
        // the connections are the store's
    }
}

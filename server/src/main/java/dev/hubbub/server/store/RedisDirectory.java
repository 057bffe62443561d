package dev.hubbub.server.store;

import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents.RoomInfo;
import dev.hubbub.server.unicode.Lookalikes;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Directory} in Redis, shared by every server of the store. Each check-and-act is one Lua script (a claim
 * is {@code HSETNX}), which Redis runs alone, so two servers cannot both win; a name claimed, a token revoked or a
 * person removed on one server holds on every other at once (those are read from Redis each time).
 *
 * <p>Two facts every request (every stream open) reads are kept in memory: the invite key and the rooms. A change
 * of either is published on {@code directory} (pub/sub); every server reloads them when it hears, and every 5 s in
 * case it did not, and the changing server at once. So another server may act on the old invite key or the old
 * rules for a moment (milliseconds, at most 5 s while pub/sub is down); a room not known here yet is asked of Redis,
 * so a room made through another server is never "not found" here.
 *
 * <p>Keys (under the store's prefix): {@code names} (a claimed name's key → the person holding it), {@code persons}
 * (person key → their name as spelled; kept after the name is freed), {@code tokens} (token hash → person key),
 * {@code hosts} and {@code removed} (sets of person keys), {@code mutes} (person key, or the key of a name nobody
 * claimed → until, in microseconds), {@code codes} (code hash → person key and expiry), {@code name-lookalikes}
 * (each lookalike key of a claimed name → that name's key), {@code rooms} (a sorted set of room ids by creation,
 * {@code general} first), {@code room:<id>} (its name, name key and rules), {@code room-keys} (a room name's key, and
 * each of its lookalike keys → its id), and {@code invite_key} in {@code meta}.
 *
 * <p>Thread-safe; every method is a round trip to Redis (call them off Jetty's selector threads).
 */
final class RedisDirectory implements Directory {
    /**
     * KEYS: meta, names, persons. Before persons existed, {@code names} held each claimed name's spelling under its
     * key, and everything of its holder was stored under that key: each becomes a person whose key is that name key.
     * Once, whichever server comes first (Redis runs a script alone).
     */
    private static final String MIGRATE_TO_PERSONS = """
            if redis.call('HEXISTS', KEYS[1], 'persons') == 1 then return 0 end
            local all = redis.call('HGETALL', KEYS[2])
            for i = 1, #all, 2 do
              redis.call('HSET', KEYS[3], all[i], all[i + 1])
              redis.call('HSET', KEYS[2], all[i], all[i])
            end
            redis.call('HSET', KEYS[1], 'persons', '1')
            return #all / 2
            """;
    /**
     * KEYS: names, tokens, persons, name-lookalikes. ARGV: name key, name, token hash, new person key, then the
     * name's lookalike keys. {1} when claimed; {0, the name key of the name it is or looks like} when taken.
     */
    private static final String CLAIM = """
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {0, ARGV[1]} end
            for i = 5, #ARGV do
              local holder = redis.call('HGET', KEYS[4], ARGV[i])
              if holder then return {0, holder} end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
            redis.call('HSET', KEYS[3], ARGV[4], ARGV[2])
            redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
            for i = 5, #ARGV do redis.call('HSET', KEYS[4], ARGV[i], ARGV[1]) end
            return {1}
            """;
    /** KEYS: names, persons, name-lookalikes. ARGV: a name key, then lookalike keys. {person, name}, or nothing. */
    private static final String LOOKALIKE = """
            local key = nil
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then key = ARGV[1] end
            for i = 2, #ARGV do
              if not key then key = redis.call('HGET', KEYS[3], ARGV[i]) or nil end
            end
            if not key then return {} end
            local person = redis.call('HGET', KEYS[1], key)
            if not person then return {} end
            return {person, redis.call('HGET', KEYS[2], person)}
            """;
    /** KEYS: tokens, persons, removed. ARGV: token hash. {person key, name, removed (0 or 1)}, or nothing. */
    private static final String WHO = """
            local key = redis.call('HGET', KEYS[1], ARGV[1])
            if not key then return {} end
            local name = redis.call('HGET', KEYS[2], key)
            if not name then return {} end
            return {key, name, redis.call('SISMEMBER', KEYS[3], key)}
            """;
    /** KEYS: names, persons. ARGV: a name key. {person key, name} of its holder, or nothing. */
    private static final String HOLDER = """
            local key = redis.call('HGET', KEYS[1], ARGV[1])
            if not key then return {} end
            return {key, redis.call('HGET', KEYS[2], key)}
            """;
    /** KEYS: names, persons. Every claimed name, as its holder spells it. */
    private static final String CLAIMED_NAMES = """
            local names = {}
            for _, key in ipairs(redis.call('HVALS', KEYS[1])) do
              names[#names + 1] = redis.call('HGET', KEYS[2], key)
            end
            return names
            """;
    /**
     * KEYS: tokens, codes, mutes, names, hosts, name-lookalikes, pictures, statuses, token-devices, passphrases.
     * ARGV: person key. Detaches the person's name (anyone may claim it, or a lookalike, again) and ends their tokens,
     * codes, mute, host's role, picture, status and passphrase; the person stays, with all that was theirs.
     */
    private static final String FREE = """
            local freed = {}
            for _, hash in ipairs({KEYS[1], KEYS[2], KEYS[4], KEYS[9]}) do
              local all = redis.call('HGETALL', hash)
              for i = 1, #all, 2 do
                local value = all[i + 1]
                if value == ARGV[1] or string.sub(value, 1, #ARGV[1] + 1) == ARGV[1] .. '\\n' then
                  redis.call('HDEL', hash, all[i])
                  if hash == KEYS[4] then freed[all[i]] = true end
                end
              end
            end
            local looks = redis.call('HGETALL', KEYS[6])
            for i = 1, #looks, 2 do
              if freed[looks[i + 1]] then redis.call('HDEL', KEYS[6], looks[i]) end
            end
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('SREM', KEYS[5], ARGV[1])
            redis.call('HDEL', KEYS[7], ARGV[1])
            redis.call('HDEL', KEYS[8], ARGV[1])
            redis.call('HDEL', KEYS[10], ARGV[1])
            return 1
            """;
    /**
     * KEYS: tokens, codes, token-devices, passphrases. ARGV: person key. The host's reset: the person's tokens, codes
     * and passphrase end, nothing else.
     */
    private static final String RESET_SIGN_IN = """
            for _, hash in ipairs({KEYS[1], KEYS[2], KEYS[3]}) do
              local all = redis.call('HGETALL', hash)
              for i = 1, #all, 2 do
                local value = all[i + 1]
                if value == ARGV[1] or string.sub(value, 1, #ARGV[1] + 1) == ARGV[1] .. '\\n' then
                  redis.call('HDEL', hash, all[i])
                end
              end
            end
            redis.call('HDEL', KEYS[4], ARGV[1])
            return 1
            """;
    /** KEYS: meta, tokens, hosts, token-devices. ARGV: the new key, '1' to sign out everyone but the hosts. */
    private static final String NEW_INVITE_KEY = """
            redis.call('HSET', KEYS[1], 'invite_key', ARGV[1])
            if ARGV[2] == '1' then
              local all = redis.call('HGETALL', KEYS[2])
              for i = 1, #all, 2 do
                if redis.call('SISMEMBER', KEYS[3], all[i + 1]) == 0 then redis.call('HDEL', KEYS[2], all[i]) end
              end
              for _, hash in ipairs(redis.call('HKEYS', KEYS[4])) do
                if redis.call('HEXISTS', KEYS[2], hash) == 0 then redis.call('HDEL', KEYS[4], hash) end
              end
            end
            return 1
            """;
    /** KEYS: codes. ARGV: code hash, name key, expiry (µs), now (µs). Stores it, dropping expired codes. */
    private static final String LINK_CODE = """
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              local expires = tonumber(string.match(all[i + 1], '\\n(%d+)$'))
              if expires and expires < tonumber(ARGV[4]) then redis.call('HDEL', KEYS[1], all[i]) end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '\\n' .. ARGV[3])
            return 1
            """;
    /** KEYS: codes. ARGV: code hash. The code's "key\nexpiry", removed (a code works once); nil when none. */
    private static final String REDEEM = """
            local value = redis.call('HGET', KEYS[1], ARGV[1])
            if value then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return value
            """;
    /**
     * KEYS: room-keys, rooms. ARGV: the name's key, the id wanted, name, created by, created at (µs), the prefix,
     * the most rooms, then the name's lookalike keys. {'exists', id} when a room's name has that key or looks like
     * the name; {'full', ''} at the most rooms; else {'made', id} with a free id made from the one wanted.
     */
    /**
     * KEYS: room-keys, rooms. ARGV: the room's id, the new name's key, the new name, the prefix, then its lookalike
     * keys. {'renamed', id}, {'exists', the other room's id}, or {'none', ''}.
     */
    private static final String RENAME_ROOM = """
            if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'none', ''} end
            local keys = {ARGV[2]}
            for i = 5, #ARGV do keys[#keys + 1] = ARGV[i] end
            for _, k in ipairs(keys) do
              local holder = redis.call('HGET', KEYS[1], k)
              if holder and holder ~= ARGV[1] then return {'exists', holder} end
            end
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              if all[i + 1] == ARGV[1] then redis.call('HDEL', KEYS[1], all[i]) end
            end
            for _, k in ipairs(keys) do redis.call('HSET', KEYS[1], k, ARGV[1]) end
            redis.call('HSET', ARGV[4] .. 'room:' .. ARGV[1], 'name', ARGV[3], 'key', ARGV[2])
            return {'renamed', ARGV[1]}
            """;
    private static final String CREATE_ROOM = """
            local existing = redis.call('HGET', KEYS[1], ARGV[1])
            for i = 8, #ARGV do
              if not existing then existing = redis.call('HGET', KEYS[1], ARGV[i]) end
            end
            if existing then return {'exists', existing} end
            if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[7]) then return {'full', ''} end
            local id = ARGV[2]
            local n = 2
            while redis.call('ZSCORE', KEYS[2], id) or redis.call('EXISTS', ARGV[6] .. 'room:' .. id) == 1
                or string.sub(id, 1, 3) == 'dm-' do
              id = ARGV[2] .. '-' .. n
              n = n + 1
            end
            redis.call('HSET', KEYS[1], ARGV[1], id)
            for i = 8, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], id) end
            redis.call('ZADD', KEYS[2], ARGV[5], id)
            redis.call('HSET', ARGV[6] .. 'room:' .. id, 'name', ARGV[3], 'key', ARGV[1], 'by', ARGV[4],
                'readOnly', '0', 'slow', '0')
            if ARGV[4] ~= '' then
              redis.call('SADD', ARGV[6] .. 'members:' .. id, ARGV[4])
              redis.call('HSET', ARGV[6] .. 'joined:' .. ARGV[4], id, '')
            end
            return {'made', id}
            """;

    /**
     * KEYS: rooms, room-keys, the room's hash. ARGV: its id, when (µs), then its name's key and lookalike keys. 0
     * when there is no such room (any more); else the room leaves {@code rooms}, its name's keys go (where they name
     * it), and its hash stays, marked deleted, so that its id is never given again; 1.
     */
    private static final String DELETE_ROOM = """
            if ARGV[1] == 'general' or not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
            redis.call('ZREM', KEYS[1], ARGV[1])
            for i = 3, #ARGV do
              if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[i]) end
            end
            redis.call('HSET', KEYS[3], 'deleted', ARGV[2])
            return 1
            """;

    /**
     * KEYS: meta, names, rooms. ARGV: the prefix. Once per store: rooms have members, and whoever holds a name is in
     * every room there is (as they saw it before), General aside (everyone is in it).
     */
    private static final String MIGRATE_TO_MEMBERS = """
            if redis.call('HSETNX', KEYS[1], 'members', '1') == 0 then return 0 end
            local persons = {}
            local names = redis.call('HVALS', KEYS[2])
            for _, person in ipairs(names) do persons[person] = true end
            local rooms = redis.call('ZRANGE', KEYS[3], 0, -1)
            for person, _ in pairs(persons) do
              for _, room in ipairs(rooms) do
                if room ~= 'general' then
                  redis.call('SADD', ARGV[1] .. 'members:' .. room, person)
                  redis.call('HSET', ARGV[1] .. 'joined:' .. person, room, '')
                end
              end
            end
            return 1
            """;
    /**
     * KEYS: the room's members, the person's rooms. ARGV: room id, person key, marks ('s' starred, 'h' hidden).
     * Joins (General's members are everyone, so only its marks are kept).
     */
    private static final String JOIN = """
            if ARGV[1] ~= 'general' then redis.call('SADD', KEYS[1], ARGV[2]) end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            return 1
            """;
    /** KEYS: the room's members, the person's rooms. ARGV: room id, person key. 1 when they were in it. */
    private static final String LEAVE = """
            redis.call('SREM', KEYS[1], ARGV[2])
            return redis.call('HDEL', KEYS[2], ARGV[1])
            """;

    /** How often the facts kept in memory are read again, should a change's message have been missed. */
    static final java.time.Duration RELOAD_EVERY = java.time.Duration.ofSeconds(5);

    private final RedisCommands<String, String> redis;
    /**
     * When this server last stored each device as seen (by token hash), so that {@link #seen} asks Redis at most once
     * every {@link #SEEN_EVERY} per device; cleared when it grows past 100,000 (it is only a saving).
     */
    private final Map<String, java.time.Instant> seenHere = new java.util.concurrent.ConcurrentHashMap<>();
    private final SeenBatch seenLater = new SeenBatch(this::storeSeen);
    private final StatefulRedisConnection<String, String> connection;
    private final io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> changes;
    private final java.util.concurrent.ScheduledExecutorService reloader =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "hubbub-directory-reload");
                thread.setDaemon(true);
                return thread;
            });
    private final String prefix;
    /** The facts kept in memory, replaced whole. */
    private volatile Known known;

    /** The invite key (null while open), the rooms in order, by id, and their topics. */
    private record Known(String inviteKey, Map<String, RoomInfo> rooms, Map<String, String> topics) {
    }

    RedisDirectory(io.lettuce.core.RedisClient client, StatefulRedisConnection<String, String> connection,
                   String prefix) {
        this.connection = connection;
        this.redis = connection.sync();
        this.prefix = prefix;
        // The room every history starts with (SQLite makes it in its schema); score 0 keeps it first.
        if (redis.hsetnx(prefix + "room-keys", Names.key("General"), Conversations.GENERAL)) {
            redis.zadd(prefix + "rooms", 0, Conversations.GENERAL);
            redis.hset(prefix + "room:" + Conversations.GENERAL, Map.of("name", "General", "key",
                    Names.key("General"), "by", "", "readOnly", "0", "slow", "0"));
        }
        redis.eval(MIGRATE_TO_PERSONS, ScriptOutputType.INTEGER, new String[] {prefix + "meta", prefix + "names",
                prefix + "persons"});
        redis.eval(MIGRATE_TO_MEMBERS, ScriptOutputType.INTEGER, new String[] {prefix + "meta", prefix + "names",
                prefix + "rooms"}, prefix);
        this.known = load();
        indexLookalikes();
        this.changes = client.connectPubSub();
        changes.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                reloader.execute(RedisDirectory.this::reload);
            }
        });
        changes.sync().subscribe(prefix + "directory");
        reloader.scheduleWithFixedDelay(this::reload, RELOAD_EVERY.toMillis(), RELOAD_EVERY.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Puts the lookalike keys of every claimed name and room in their hashes where they are missing (what a build
     * before lookalikes stored, or a new kind of key). Idempotent, so every server may do it as it starts.
     */
    private void indexLookalikes() {
        Map<String, String> persons = redis.hgetall(key("persons"));
        var async = connection.async();
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        redis.hgetall(key("names")).forEach((nameKey, person) -> {
            String name = persons.get(person);
            if (name != null) {
                for (String look : Lookalikes.lookalikeKeys(name)) {
                    writes.add(async.hsetnx(key("name-lookalikes"), look, nameKey).toCompletableFuture());
                }
            }
        });
        for (RoomInfo room : known.rooms().values()) {
            for (String look : Lookalikes.lookalikeKeys(room.name())) {
                writes.add(async.hsetnx(key("room-keys"), look, room.id()).toCompletableFuture());
            }
        }
        writes.forEach(CompletableFuture::join);
    }

    private Known load() {
        String inviteKey = call(() -> redis.hget(key("meta"), "invite_key"));
        Map<String, RoomInfo> rooms = new java.util.LinkedHashMap<>();
        Map<String, String> topics = new java.util.HashMap<>();
        readRooms(topics).forEach(room -> rooms.put(room.id(), room));
        return new Known(inviteKey, java.util.Collections.unmodifiableMap(rooms), Map.copyOf(topics));
    }

    private void reload() {
        try {
            known = load();
        } catch (RuntimeException e) {
            // Redis out of reach: keep what is known, and try again at the next message or round.
        }
    }

    /** After a change of a fact kept in memory: this server knows it at once, the others when they hear. */
    private void changed() {
        reload();
        call(() -> redis.publish(key("directory"), "changed"));
    }

    private String key(String name) {
        return prefix + name;
    }

    private <T> T script(String script, ScriptOutputType type, String[] keys, String... args) {
        return call(() -> redis.eval(script, type, keys, args));
    }

    @Override
    public String claim(String name, String key, String device) {
        String token = Secrets.newToken();
        List<String> args = new ArrayList<>(List.of(key, name, Secrets.hash(token), Secrets.newPersonKey()));
        args.addAll(Lookalikes.lookalikeKeys(name));
        List<Object> won = script(CLAIM, ScriptOutputType.MULTI, new String[] {key("names"), key("tokens"),
                key("persons"), key("name-lookalikes")}, args.toArray(String[]::new));
        if (((Long) won.get(0)) == 0L) {
            throw new NameTakenException(claimed((String) won.get(1)).map(Identity::name).orElse(name));
        }
        describe(Secrets.hash(token), (String) args.get(3), device);
        return token;
    }

    @Override
    public String issueToken(Identity identity, String device) {
        String token = Secrets.newToken();
        call(() -> redis.hset(key("tokens"), Secrets.hash(token), identity.key()));
        describe(Secrets.hash(token), identity.key(), device);
        return token;
    }

    /**
     * {@code token-devices}: token hash → person key, when given (µs), when last seen (µs, or empty), and the
     * device's description, a line each (the person key first, so {@link #FREE} and {@link #RESET_SIGN_IN} find a
     * person's entries as they find their codes).
     */
    private void describe(String hash, String person, String device) {
        call(() -> redis.hset(key("token-devices"), hash, person + "\n" + SqliteStore.micros(java.time.Instant.now())
                + "\n\n" + Devices.clipped(device)));
    }

    @Override
    public List<Device> devices(String personKey) {
        List<String> hashes = new ArrayList<>();
        call(() -> redis.hgetall(key("tokens"))).forEach((hash, person) -> {
            if (person.equals(personKey)) {
                hashes.add(hash);
            }
        });
        if (hashes.isEmpty()) {
            return List.of();
        }
        List<Device> devices = new ArrayList<>();
        var described = call(() -> redis.hmget(key("token-devices"), hashes.toArray(String[]::new)));
        for (int i = 0; i < hashes.size(); i++) {
            devices.add(device(hashes.get(i), described.get(i).hasValue() ? described.get(i).getValue() : null));
        }
        devices.sort(NEWEST_FIRST);
        return devices;
    }

    private static final java.util.Comparator<Device> NEWEST_FIRST = java.util.Comparator.comparing(
            Device::signedIn, java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder()));

    /** A token (by its hash) as the device its {@code token-devices} entry describes (null: none kept). */
    private Device device(String hash, String described) {
        String[] lines = described == null ? new String[0] : described.split("\n", 4);
        return lines.length < 4 ? new Device(Devices.id(hash), "", null, null)
                : new Device(Devices.id(hash), lines[3], SqliteStore.instant(Long.parseLong(lines[1])),
                        seenHere.getOrDefault(hash, lines[2].isEmpty() ? null
                                : SqliteStore.instant(Long.parseLong(lines[2]))));
    }

    @Override
    public List<Person> people(Instant now) {
        // Eight reads whatever the number of people (each a whole hash or set), instead of several per person.
        Map<String, String> holders = call(() -> redis.hgetall(key("names")));
        Map<String, String> persons = call(() -> redis.hgetall(key("persons")));
        Map<String, String> tokens = call(() -> redis.hgetall(key("tokens")));
        Map<String, String> described = call(() -> redis.hgetall(key("token-devices")));
        java.util.Set<String> hosts = call(() -> redis.smembers(key("hosts")));
        java.util.Set<String> removed = call(() -> redis.smembers(key("removed")));
        Map<String, String> mutes = call(() -> redis.hgetall(key("mutes")));
        java.util.Set<String> withPassphrase = new java.util.HashSet<>(call(() -> redis.hkeys(key("passphrases"))));
        Map<String, List<Device>> devices = new java.util.HashMap<>();
        tokens.forEach((hash, person) -> devices.computeIfAbsent(person, k -> new ArrayList<>())
                .add(device(hash, described.get(hash))));
        List<Person> people = new ArrayList<>();
        for (String person : new java.util.LinkedHashSet<>(holders.values())) {
            String name = persons.get(person);
            if (name == null) {
                continue; // freed between the two reads
            }
            List<Device> theirs = devices.getOrDefault(person, new ArrayList<>());
            theirs.sort(NEWEST_FIRST);
            String muted = mutes.get(person);
            Instant until = muted == null ? null : SqliteStore.instant(Long.parseLong(muted));
            people.add(new Person(new Identity(name, person), theirs, hosts.contains(person), removed.contains(person),
                    until != null && until.isAfter(now) ? until : null, withPassphrase.contains(person)));
        }
        return people;
    }

    @Override
    public void seen(String token, java.time.Instant at) {
        String hash = Secrets.hash(token);
        java.time.Instant last = seenHere.get(hash);
        if (last != null && last.plus(SEEN_EVERY).isAfter(at)) {
            return;
        }
        if (seenHere.size() > 100_000) {
            seenHere.clear();
        }
        seenHere.put(hash, at);
        seenLater.note(hash, at);
    }

    /** Stores a batch of {@link #seen}: each device's line 3, for tokens that still have one. */
    private void storeSeen(Map<String, java.time.Instant> batch) {
        List<String> hashes = List.copyOf(batch.keySet());
        var kept = call(() -> redis.hmget(key("token-devices"), hashes.toArray(String[]::new)));
        Map<String, String> changed = new java.util.HashMap<>();
        for (int i = 0; i < hashes.size(); i++) {
            String[] lines = kept.get(i).hasValue() ? kept.get(i).getValue().split("\n", 4) : new String[0];
            if (lines.length == 4) {
                changed.put(hashes.get(i), lines[0] + "\n" + lines[1] + "\n"
                        + SqliteStore.micros(batch.get(hashes.get(i))) + "\n" + lines[3]);
            }
        }
        if (!changed.isEmpty()) {
            call(() -> redis.hset(key("token-devices"), changed));
        }
    }

    @Override
    public boolean signOut(String personKey, String deviceId) {
        String hash = call(() -> redis.hgetall(key("tokens"))).entrySet().stream()
                .filter(e -> e.getValue().equals(personKey) && Devices.id(e.getKey()).equals(deviceId))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (hash == null) {
            return false;
        }
        call(() -> redis.hdel(key("tokens"), hash) + redis.hdel(key("token-devices"), hash));
        return true;
    }

    @Override
    public Optional<String> passphrase(String personKey) {
        return Optional.ofNullable(call(() -> redis.hget(key("passphrases"), personKey)));
    }

    @Override
    public void setPassphrase(String personKey, String hash) {
        call(() -> hash == null ? redis.hdel(key("passphrases"), personKey)
                : (Object) redis.hset(key("passphrases"), personKey, hash));
    }

    @Override
    public void resetSignIn(String personKey) {
        script(RESET_SIGN_IN, ScriptOutputType.INTEGER, new String[] {key("tokens"), key("codes"),
                key("token-devices"), key("passphrases")}, personKey);
    }

    @Override
    public void letBackIn(String key) {
        call(() -> redis.srem(key("removed"), key));
    }

    /** Whom the token was given to, and whether the host removed them. */
    private Optional<Map.Entry<Identity, Boolean>> who(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        List<Object> found = script(WHO, ScriptOutputType.MULTI,
                new String[] {key("tokens"), key("persons"), key("removed")}, Secrets.hash(token));
        if (found == null || found.size() < 3) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(new Identity((String) found.get(1), (String) found.get(0)),
                ((Long) found.get(2)) == 1L));
    }

    @Override
    public Optional<Identity> identify(String token) {
        return who(token).filter(w -> !w.getValue()).map(Map.Entry::getKey);
    }

    @Override
    public Optional<Identity> holder(String token) {
        return who(token).map(Map.Entry::getKey);
    }

    @Override
    public boolean isClaimed(String key) {
        return call(() -> redis.hexists(key("names"), key));
    }

    @Override
    public Optional<Identity> claimed(String key) {
        List<Object> found = script(HOLDER, ScriptOutputType.MULTI, new String[] {key("names"), key("persons")}, key);
        return found == null || found.size() < 2 || found.get(1) == null ? Optional.empty()
                : Optional.of(new Identity((String) found.get(1), (String) found.get(0)));
    }

    @Override
    public Optional<Identity> claimedLookalike(String name) {
        List<String> args = new ArrayList<>(List.of(Names.key(name)));
        args.addAll(Lookalikes.lookalikeKeys(name));
        List<Object> found = script(LOOKALIKE, ScriptOutputType.MULTI, new String[] {key("names"), key("persons"),
                key("name-lookalikes")}, args.toArray(String[]::new));
        return found == null || found.size() < 2 || found.get(1) == null ? Optional.empty()
                : Optional.of(new Identity((String) found.get(1), (String) found.get(0)));
    }

    @Override
    public Collection<String> claimedNames() {
        List<Object> names = script(CLAIMED_NAMES, ScriptOutputType.MULTI, new String[] {key("names"),
                key("persons")});
        return names.stream().map(String.class::cast).toList();
    }

    @Override
    public void revoke(String token) {
        call(() -> redis.hdel(key("tokens"), Secrets.hash(token)) + redis.hdel(key("token-devices"),
                Secrets.hash(token)));
    }

    @Override
    public String linkCode(Identity identity, Instant expires) {
        String code = Secrets.newLinkCode();
        script(LINK_CODE, ScriptOutputType.INTEGER, new String[] {key("codes")},
                Secrets.hash(Secrets.normalizeCode(code)), identity.key(),
                String.valueOf(SqliteStore.micros(expires)), String.valueOf(SqliteStore.micros(Instant.now())));
        return code;
    }

    @Override
    public Optional<Identity> redeem(String code, Instant now) {
        String value = script(REDEEM, ScriptOutputType.VALUE, new String[] {key("codes")},
                Secrets.hash(Secrets.normalizeCode(code)));
        if (value == null) {
            return Optional.empty();
        }
        int at = value.lastIndexOf('\n');
        if (Long.parseLong(value.substring(at + 1)) < SqliteStore.micros(now)) {
            return Optional.empty();
        }
        String person = value.substring(0, at);
        return Optional.ofNullable(call(() -> redis.hget(key("persons"), person))).map(name -> new Identity(name,
                person));
    }

    @Override
    public List<RoomInfo> rooms() {
        return List.copyOf(known.rooms().values());
    }

    /** The rooms in order; their topics go into {@code topics}. */
    private List<RoomInfo> readRooms(Map<String, String> topics) {
        List<String> ids = call(() -> redis.zrange(key("rooms"), 0, -1));
        // One round trip for all of them: the asynchronous commands are pipelined on the connection.
        List<CompletableFuture<Map<String, String>>> reads = new ArrayList<>();
        for (String id : ids) {
            reads.add(connection.async().hgetall(key("room:" + id)).toCompletableFuture());
        }
        List<RoomInfo> rooms = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            int index = i;
            Map<String, String> room = call(() -> reads.get(index).join());
            if (!room.isEmpty()) {
                rooms.add(roomOf(ids.get(i), room));
                String topic = room.get("topic");
                if (topic != null && !topic.isEmpty()) {
                    topics.put(ids.get(i), topic);
                }
            }
        }
        return rooms;
    }

    private static RoomInfo roomOf(String id, Map<String, String> room) {
        return new RoomInfo(id, room.get("name"), "1".equals(room.get("readOnly")),
                Integer.parseInt(room.getOrDefault("slow", "0")), "1".equals(room.get("archived")), false);
    }

    @Override
    public Optional<RoomInfo> room(String id) {
        RoomInfo room = known.rooms().get(id);
        return room != null ? Optional.of(room) : readRoom(id);
    }

    /** A room not known here: made through another server a moment ago, or none. */
    private Optional<RoomInfo> readRoom(String id) {
        Map<String, String> room = call(() -> redis.hgetall(key("room:" + id)));
        if (room.isEmpty() || room.containsKey("deleted")) {
            return Optional.empty();
        }
        reloader.execute(this::reload);
        return Optional.of(roomOf(id, room));
    }

    @Override
    public RoomInfo createRoom(String name, String createdByKey, Instant at, int maxRooms) {
        // No creator (a room the server makes) is '' to the script, as null is to SQLite.
        List<String> args = new ArrayList<>(List.of(Names.key(name), SqliteDirectory.slug(name), name,
                createdByKey == null ? "" : createdByKey,
                String.valueOf(SqliteStore.micros(at)), prefix, String.valueOf(maxRooms)));
        args.addAll(Lookalikes.lookalikeKeys(name));
        List<Object> made = script(CREATE_ROOM, ScriptOutputType.MULTI,
                new String[] {key("room-keys"), key("rooms")}, args.toArray(String[]::new));
        String id = (String) made.get(1);
        if ("exists".equals(made.get(0))) {
            throw new RoomExistsException(room(id).orElseThrow());
        }
        if ("full".equals(made.get(0))) {
            throw new RoomsFullException(maxRooms);
        }
        changed();
        return new RoomInfo(id, name);
    }

    /** {@code retention}: room id → days and messages, a line each. */
    @Override
    public Map<String, Retention> retention() {
        Map<String, Retention> kept = new java.util.HashMap<>();
        call(() -> redis.hgetall(key("retention"))).forEach((room, value) -> {
            String[] parts = value.split("\n");
            kept.put(room, new Retention(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
        });
        return kept;
    }

    @Override
    public void setRetention(String room, Retention kept) {
        if (room(room).isEmpty()) {
            throw new IllegalArgumentException("there is no room '" + room + "'");
        }
        call(() -> kept.equals(Retention.SERVER) ? redis.hdel(key("retention"), room)
                : (Object) redis.hset(key("retention"), room, kept.days() + "\n" + kept.messages()));
    }

    @Override
    public RoomInfo renameRoom(String id, String name) {
        List<String> args = new ArrayList<>(List.of(id, Names.key(name), name, prefix));
        args.addAll(Lookalikes.lookalikeKeys(name));
        List<Object> done = script(RENAME_ROOM, ScriptOutputType.MULTI, new String[] {key("room-keys"), key("rooms")},
                args.toArray(String[]::new));
        if ("none".equals(done.get(0))) {
            throw new IllegalArgumentException("there is no room '" + id + "'");
        }
        if ("exists".equals(done.get(0))) {
            throw new RoomExistsException(room((String) done.get(1)).orElseThrow());
        }
        changed();
        return room(id).orElseThrow();
    }

    @Override
    public boolean isHost(String key) {
        return call(() -> redis.sismember(key("hosts"), key));
    }

    @Override
    public void makeHost(String key) {
        call(() -> redis.sadd(key("hosts"), key));
    }

    @Override
    public Optional<Instant> mutedUntil(String key, Instant now) {
        String until = call(() -> redis.hget(key("mutes"), key));
        return Optional.ofNullable(until).map(u -> SqliteStore.instant(Long.parseLong(u)))
                .filter(u -> u.isAfter(now));
    }

    @Override
    public void mute(String key, Instant until) {
        call(() -> until == null ? redis.hdel(key("mutes"), key)
                : redis.hset(key("mutes"), key, String.valueOf(SqliteStore.micros(until))) ? 1L : 0L);
    }

    @Override
    public boolean isRemoved(String key) {
        return call(() -> redis.sismember(key("removed"), key));
    }

    @Override
    public void remove(String key) {
        call(() -> {
            redis.sadd(key("removed"), key);
            return redis.srem(key("hosts"), key);
        });
    }

    @Override
    public void free(String key) {
        script(FREE, ScriptOutputType.INTEGER, new String[] {key("tokens"), key("codes"), key("mutes"),
                key("names"), key("hosts"), key("name-lookalikes"), key("pictures"), key("statuses"),
                key("token-devices"), key("passphrases")}, key);
        forgetMembers(key, null);
    }

    /** Pictures, base64 in one hash by person key (the connection speaks strings). */
    @Override
    public Optional<byte[]> picture(String key) {
        String kept = redis.hget(key("pictures"), key);
        return kept == null ? Optional.empty() : Optional.of(java.util.Base64.getDecoder().decode(kept));
    }

    @Override
    public void setPicture(String key, byte[] png) {
        if (png == null) {
            redis.hdel(key("pictures"), key);
            return;
        }
        if (png.length > MAX_PICTURE_BYTES) {
            throw new IllegalArgumentException("a picture is at most " + MAX_PICTURE_BYTES + " bytes");
        }
        redis.hset(key("pictures"), key, java.util.Base64.getEncoder().encodeToString(png));
    }

    /** Statuses, as JSON in one hash by person key; the names of their persons asked for at once. */
    @Override
    public Map<String, dev.hubbub.chat.PersonStatus> statuses() {
        Map<String, String> kept = redis.hgetall(key("statuses"));
        Map<String, dev.hubbub.chat.PersonStatus> byName = new java.util.HashMap<>();
        if (kept.isEmpty()) {
            return byName;
        }
        for (var person : redis.hmget(key("persons"), kept.keySet().toArray(String[]::new))) {
            if (person.hasValue()) {
                byName.put(person.getValue(), dev.hubbub.chat.ChatJson.read(kept.get(person.getKey()),
                        dev.hubbub.chat.PersonStatus.class));
            }
        }
        return byName;
    }

    @Override
    public dev.hubbub.chat.PersonStatus status(String key) {
        String kept = redis.hget(key("statuses"), key);
        return kept == null ? dev.hubbub.chat.PersonStatus.PLAIN
                : dev.hubbub.chat.ChatJson.read(kept, dev.hubbub.chat.PersonStatus.class);
    }

    @Override
    public void setStatus(String key, dev.hubbub.chat.PersonStatus status) {
        if (status == null || status.isPlain()) {
            redis.hdel(key("statuses"), key);
        } else {
            redis.hset(key("statuses"), key, dev.hubbub.chat.ChatJson.write(status));
        }
    }

    @Override
    public Optional<String> inviteKey() {
        return Optional.ofNullable(known.inviteKey());
    }

    @Override
    public String newInviteKey(boolean signOutEveryone) {
        String inviteKey = Secrets.newToken().substring(0, 22);
        script(NEW_INVITE_KEY, ScriptOutputType.INTEGER, new String[] {key("meta"), key("tokens"), key("hosts"), key("token-devices")},
                inviteKey, signOutEveryone ? "1" : "0");
        changed();
        return inviteKey;
    }

    @Override
    public void openToAll() {
        call(() -> redis.hdel(key("meta"), "invite_key"));
        changed();
    }

    /**
     * A turn is a key that expires when the next one is due ({@code SET NX PX}, by Redis's clock, so the servers'
     * clocks need not agree); taken already, its time to live is the wait.
     */
    @Override
    public Optional<java.time.Duration> takeSlowModeTurn(String room, String key, int seconds, Instant now) {
        String turn = key("slow:" + room + ":" + key);
        return call(() -> {
            String taken = redis.set(turn, "1", io.lettuce.core.SetArgs.Builder.nx().px(seconds * 1000L));
            if ("OK".equals(taken)) {
                return Optional.<java.time.Duration>empty();
            }
            long left = redis.pttl(turn);
            return Optional.of(java.time.Duration.ofMillis(Math.max(1, left)));
        });
    }

    @Override
    public String hostToken(String proposed) {
        return call(() -> {
            redis.hsetnx(key("meta"), "host_token", proposed);
            return redis.hget(key("meta"), "host_token");
        });
    }

    @Override
    public RoomInfo setRules(String id, boolean readOnly, int slowModeSeconds) {
        RoomInfo now = room(id).orElseThrow(() -> new IllegalArgumentException("there is no room '" + id + "'"))
                .withRules(readOnly, slowModeSeconds);
        call(() -> redis.hset(key("room:" + id), Map.of("readOnly", readOnly ? "1" : "0",
                "slow", String.valueOf(slowModeSeconds))));
        changed();
        return now;
    }

    @Override
    public RoomInfo setArchived(String id, boolean archived) {
        RoomInfo now = room(id).orElseThrow(() -> new IllegalArgumentException("there is no room '" + id + "'"))
                .withArchived(archived);
        call(() -> redis.hset(key("room:" + id), "archived", archived ? "1" : "0"));
        changed();
        return now;
    }

    @Override
    public Optional<RoomInfo> deleteRoom(String id, Instant at) {
        Optional<RoomInfo> room = room(id);
        if (room.isEmpty()) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>(List.of(id, String.valueOf(SqliteStore.micros(at)),
                Names.key(room.get().name())));
        args.addAll(Lookalikes.lookalikeKeys(room.get().name()));
        Long deleted = script(DELETE_ROOM, ScriptOutputType.INTEGER, new String[] {key("rooms"), key("room-keys"),
                key("room:" + id)}, args.toArray(String[]::new));
        if (deleted == 0L) {
            return Optional.empty();
        }
        forgetMembers(null, id);
        call(() -> redis.hdel(key("retention"), id));
        changed();
        return room;
    }

    @Override
    public List<Membership> memberships(String personKey) {
        Map<String, String> marks = call(() -> redis.hgetall(key("joined:" + personKey)));
        List<Membership> mine = new ArrayList<>();
        mine.add(membership(Conversations.GENERAL, marks.getOrDefault(Conversations.GENERAL, "")));
        for (RoomInfo room : known.rooms().values()) {
            String mark = marks.get(room.id());
            if (mark != null && !room.id().equals(Conversations.GENERAL)) {
                mine.add(membership(room.id(), mark));
            }
        }
        return mine;
    }

    private static Membership membership(String room, String marks) {
        return new Membership(room, marks.contains("s"), marks.contains("h"));
    }

    @Override
    public Map<String, Integer> memberCounts() {
        var async = connection.async();
        Map<String, CompletableFuture<Long>> counts = new java.util.LinkedHashMap<>();
        for (String id : known.rooms().keySet()) {
            if (!id.equals(Conversations.GENERAL)) {
                counts.put(id, async.scard(key("members:" + id)).toCompletableFuture());
            }
        }
        Map<String, Integer> members = new java.util.HashMap<>();
        members.put(Conversations.GENERAL, call(() -> redis.hlen(key("names"))).intValue());
        counts.forEach((id, count) -> members.put(id, call(count::join).intValue()));
        return members;
    }

    @Override
    public Membership join(String personKey, String room, boolean starred, boolean hidden) {
        if (room(room).isEmpty()) {
            throw new IllegalArgumentException("there is no room '" + room + "'");
        }
        script(JOIN, ScriptOutputType.INTEGER, new String[] {key("members:" + room), key("joined:" + personKey)},
                room, personKey, (starred ? "s" : "") + (hidden ? "h" : ""));
        return new Membership(room, starred, hidden);
    }

    @Override
    public boolean leave(String personKey, String room) {
        if (room.equals(Conversations.GENERAL)) {
            throw new IllegalArgumentException("everyone stays in General");
        }
        Long left = script(LEAVE, ScriptOutputType.INTEGER, new String[] {key("members:" + room),
                key("joined:" + personKey)}, room, personKey);
        return left != 0L;
    }

    @Override
    public Map<String, String> topics() {
        return known.topics();
    }

    @Override
    public void setTopic(String room, String topic) {
        if (room(room).isEmpty()) {
            throw new IllegalArgumentException("there is no room '" + room + "'");
        }
        Directory.checkTopic(topic);
        call(() -> topic.isEmpty() ? redis.hdel(key("room:" + room), "topic")
                : (Object) redis.hset(key("room:" + room), "topic", topic));
        changed();
    }

    /** What was a person's in rooms goes with their name, or with a room: its members and their marks. */
    private void forgetMembers(String personKey, String room) {
        if (personKey != null) {
            for (String joinedRoom : call(() -> redis.hkeys(key("joined:" + personKey)))) {
                call(() -> redis.srem(key("members:" + joinedRoom), personKey));
            }
            call(() -> redis.del(key("joined:" + personKey)));
        }
        if (room != null) {
            for (String member : call(() -> redis.smembers(key("members:" + room)))) {
                call(() -> redis.hdel(key("joined:" + member), room));
            }
            call(() -> redis.del(key("members:" + room)));
        }
    }

    private static <T> T call(java.util.function.Supplier<T> command) {
        return RedisStore.call(command);
    }

    @Override
    public void close() {
        seenLater.close();
        reloader.shutdownNow();
        changes.close();
        // the other connection is the store's
    }
}

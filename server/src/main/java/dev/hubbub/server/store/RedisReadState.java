package dev.hubbub.server.store;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReadState} in Redis, shared by every server of one history. Keys (under the store's prefix):
 * {@code fl:<person>}, the threads a person follows (root → conversation), {@code fo:<person>} the same roots by when
 * they were followed, {@code fu:<person>} the roots they chose to stop following; {@code rp:<place>}, how far each
 * person read there (person → {@code major-minor<TAB>name}), and {@code rd:<person>} the places a person read, by
 * the major part of their position there (so that past {@link #MAX_PLACES} the one furthest back is forgotten, in the
 * same script); {@code read-private}, who does not share it. Scripts make each change whole, so two servers following for one
 * person at once keep to the limit, and a position never moves back.
 */
final class RedisReadState implements ReadState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisReadState.class);

    /** KEYS: fl, fu, fo. ARGV: root, conversation, chosen ("1"), the limit, now. */
    private static final String FOLLOW = """
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'ALREADY' end
            if ARGV[3] ~= '1' and redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'DECLINED' end
            if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 'TOO_MANY' end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SREM', KEYS[2], ARGV[1])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
            return 'STARTED'
            """;
    /** KEYS: fl, fu, fo. ARGV: root, the limit of roots remembered as unfollowed. */
    private static final String UNFOLLOW = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            if redis.call('SCARD', KEYS[2]) < tonumber(ARGV[2]) then redis.call('SADD', KEYS[2], ARGV[1]) end
            return 1
            """;
    /**
     * KEYS: rp, rd. ARGV: person, major, minor, name, place, the limit of places, the key of {@code rp:} places
     * before the place. Past the limit, the person's place furthest back is forgotten.
     */
    private static final String MARK = """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then
              local major, minor = string.match(old, '(%d+)-(%d+)')
              major = tonumber(major)
              minor = tonumber(minor)
              local newMajor = tonumber(ARGV[2])
              local newMinor = tonumber(ARGV[3])
              if newMajor < major or (newMajor == major and newMinor <= minor) then return 0 end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '-' .. ARGV[3] .. '\t' .. ARGV[4])
            redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[5])
            local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[6])
            if over > 0 then
              local gone = redis.call('ZPOPMIN', KEYS[2], over)
              for i = 1, #gone, 2 do redis.call('HDEL', ARGV[7] .. gone[i], ARGV[1]) end
            end
            return 1
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;

    RedisReadState(StatefulRedisConnection<String, String> connection, String prefix) {
        this.connection = connection;
        this.prefix = prefix;
    }

    private String[] followKeys(String person) {
        return new String[] {prefix + "fl:" + person, prefix + "fu:" + person, prefix + "fo:" + person};
    }

    private static String idOf(Position position) {
        return position.major() + "-" + position.minor();
    }

    @Override
    public Follow follow(String person, Position root, String conversation, boolean chosen) {
        String answer = RedisStore.call(() -> connection.sync().eval(FOLLOW, ScriptOutputType.STATUS,
                followKeys(person), idOf(root), conversation, chosen ? "1" : "0", String.valueOf(MAX_FOLLOWED),
                String.valueOf(Instant.now().toEpochMilli())));
        return Follow.valueOf(answer);
    }

    @Override
    public void unfollow(String person, Position root, String conversation) {
        RedisStore.call(() -> connection.sync().eval(UNFOLLOW, ScriptOutputType.INTEGER, followKeys(person),
                idOf(root), String.valueOf(10 * MAX_FOLLOWED)));
    }

    @Override
    public boolean follows(String person, Position root) {
        return RedisStore.call(() -> connection.sync().hexists(prefix + "fl:" + person, idOf(root)));
    }

    @Override
    public List<Followed> followed(String person) {
        List<String> roots = RedisStore.call(() -> connection.sync().zrevrange(prefix + "fo:" + person, 0, -1));
        if (roots.isEmpty()) {
            return List.of();
        }
        List<KeyValue<String, String>> conversations = RedisStore.call(() ->
                connection.sync().hmget(prefix + "fl:" + person, roots.toArray(String[]::new)));
        List<Followed> found = new ArrayList<>();
        for (KeyValue<String, String> entry : conversations) {
            if (entry.hasValue()) {
                found.add(new Followed(RedisEventLog.positionOf(entry.getKey()), entry.getValue()));
            }
        }
        return found;
    }

    @Override
    public void markRead(String person, String name, String place, Position upTo) {
        connection.async().eval(MARK, ScriptOutputType.INTEGER, new String[] {prefix + "rp:" + place,
                prefix + "rd:" + person}, person, String.valueOf(upTo.major()), String.valueOf(upTo.minor()), name,
                place, String.valueOf(MAX_PLACES), prefix + "rp:").whenComplete((moved, failure) -> {
                    if (failure != null) {
                        LOG.debug("could not store where {} read: {}", person, failure.toString());
                    }
                });
    }

    @Override
    public Optional<Position> readUpTo(String person, String place) {
        String id = RedisStore.call(() -> connection.sync().hget(prefix + "rp:" + place, person));
        return Optional.ofNullable(id).map(RedisReadState::positionIn);
    }

    @Override
    public Map<String, Position> readUpTo(String place, Collection<String> persons) {
        Map<String, Position> found = new HashMap<>();
        if (persons.isEmpty()) {
            return found;
        }
        List<KeyValue<String, String>> ids = RedisStore.call(() ->
                connection.sync().hmget(prefix + "rp:" + place, persons.toArray(String[]::new)));
        for (KeyValue<String, String> entry : ids) {
            if (entry.hasValue()) {
                found.put(entry.getKey(), positionIn(entry.getValue()));
            }
        }
        return found;
    }

    /** The position in a value of {@code rp:<place>} ({@code major-minor}, then a tab and the name). */
    private static Position positionIn(String value) {
        int tab = value.indexOf('\t');
        return RedisEventLog.positionOf(tab < 0 ? value : value.substring(0, tab));
    }

    @Override
    public Map<String, Reader> readers(String place, int limit) {
        Map<String, Reader> found = new HashMap<>();
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
            io.lettuce.core.ScanCursor from = cursor;
            io.lettuce.core.MapScanCursor<String, String> page = RedisStore.call(() -> connection.sync()
                    .hscan(prefix + "rp:" + place, from, io.lettuce.core.ScanArgs.Builder.limit(limit)));
            page.getMap().forEach((person, value) -> {
                if (found.size() < limit) {
                    int tab = value.indexOf('\t');
                    found.put(person, new Reader(tab < 0 ? "" : value.substring(tab + 1), positionIn(value)));
                }
            });
            cursor = page;
        } while (!cursor.isFinished() && found.size() < limit);
        return found;
    }

    @Override
    public boolean shares(String person) {
        return !RedisStore.call(() -> connection.sync().sismember(prefix + "read-private", person));
    }

    @Override
    public void share(String person, boolean share) {
        RedisStore.call(() -> share ? connection.sync().srem(prefix + "read-private", person)
                : connection.sync().sadd(prefix + "read-private", person));
    }

    @Override
    public void close() {
        // The connection is the store's.
    }
}

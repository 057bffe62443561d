package dev.hubbub.server.store;

import dev.hubbub.chat.ChatJson;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventLog} on Redis Streams, for several servers sharing one history (part of {@link RedisStore}).
 *
 * <p>Keys (under a prefix): {@code events}, the stream of every event, and {@code ev:<id>}, each event's body beside
 * it (field {@code e}, the event as JSON; {@code s}, the message an action or a reply in a thread kept): a stream entry
 * cannot change, and an edit or a deletion overwrites every body that keeps the message's words ({@link Overwrite};
 * {@code refs:<id>} holds the events that do: actions on the message, replies quoting it, replies in its thread).
 * An entry stored before bodies were kept beside the stream holds its own {@code e} and {@code s}, which an overwrite
 * can hide but not erase;
 * {@code c:<conversation>}, a stream per conversation holding the same ids (for pages); {@code client-ids}, client id
 * to event id; {@code m:<id>} and {@code r:<id>}, a message's state (edit, deletion) and reactions; {@code meta}, the
 * history's epoch. One Lua script appends: it checks the client id, adds the event and
 * its conversation's entry, and records the client id, atomically, so a post retried on two servers is stored once.
 * {@code pins:<conversation>} holds the ids of its pinned messages by when they were pinned.
 *
 * <p>Positions are stream ids ({@code millis-sequence}); clients see {@code <epoch tag>.<millis>-<sequence>}.
 */
public final class RedisEventLog implements EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(RedisEventLog.class);
    private static final Pattern ID = Pattern.compile("([0-9a-f]{8})\\.(\\d{1,19})-(\\d{1,19})");
    private static final int TAIL_BATCH = 1_000;
    private static final int RANGE_BATCH = 500;
    /** How many times an edit or a deletion reads again what it overwrites when that changed meanwhile. */
    private static final int OVERWRITE_ATTEMPTS = 10;

    /**
     * KEYS: events, client-ids, the conversation's stream, the target's state hash, the target's reactions hash.
     * ARGV: client id ("" for none), the event's JSON, its kind, the action's text (new text, emoji), its author's
     * key and name, the edit's mentions as JSON, the time in microseconds, who removed it ("" when its author), a
     * message's files' ids (one per line), the key prefix, the conversation, the target's id (an action's message, a
     * reply's thread root), whether a message is in a thread ("1") and whether it is only there ("1"), the message a
     * reply answers or a pin's line quotes ("" for none); for an edit or a deletion, how many events keep its message's words ("" for
     * none), then for each one that changes ({@link #overwrites}) its id, its body and kept message as read, and as
     * they become: when any of that changed meanwhile, nothing is stored and the answer is {@code stale}. What an
     * action does to its message happens in the same script, so every server reads the same state, and the action's entry keeps the
     * message as it stands right after (field {@code s}: the message as appended, its state and reactions); so does
     * recording which messages carry a file ({@code fr:<file>}, read by {@link RedisFileIndex}). Returns the entry's
     * id, whether it was stored before (a retried client id), and {@code s}. A reply in a thread counts in its
     * root's state hash (fields {@code replies}, {@code lastReply} and {@code people}: up to five lines
     * {@code key<TAB>name}), is added to the thread's stream {@code c:thread:<root>} (a conversation of its own, so
     * retention trims it), and its entry in the conversation's stream is marked {@code t} when it is only in the
     * thread; its {@code s} is the root as it stands right after. (A few keys are made inside the script from the
     * prefix: one Redis server, not a Redis Cluster.)
     */
    private static final String APPEND = """
            if ARGV[1] ~= '' then
              local earlier = redis.call('HGET', KEYS[2], ARGV[1])
              if earlier then return {earlier, '1'} end
            end
            local function kept(id)
              local body = redis.call('HMGET', ARGV[11] .. 'ev:' .. id, 'e', 's')
              if body[1] then return body[1], body[2] or '' end
              local entry = redis.call('XRANGE', KEYS[1], id, id)
              if not entry[1] then return nil, nil end
              local e, s = nil, ''
              local fields = entry[1][2]
              for i = 1, #fields, 2 do
                if fields[i] == 'e' then e = fields[i + 1] elseif fields[i] == 's' then s = fields[i + 1] end
              end
              return e, s
            end
            if ARGV[17] ~= '' and redis.call('SCARD', ARGV[11] .. 'refs:' .. ARGV[13]) ~= tonumber(ARGV[17]) then
              return {'', 'stale'}
            end
            for i = 18, #ARGV, 5 do
              local e, s = kept(ARGV[i])
              if (e or '') ~= ARGV[i + 1] or (s or '') ~= ARGV[i + 2] then return {'', 'stale'} end
            end
            for i = 18, #ARGV, 5 do
              local id = ARGV[i]
              if ARGV[i + 3] == '' then
                local entry = redis.call('XRANGE', KEYS[1], id, id)
                if entry[1] then
                  local fields = entry[1][2]
                  for f = 1, #fields, 2 do
                    if fields[f] == 'c' and fields[f + 1] ~= '' then redis.call('HDEL', KEYS[2], fields[f + 1]) end
                  end
                end
                redis.call('XDEL', KEYS[1], id)
                redis.call('XDEL', KEYS[3], id)
                redis.call('DEL', ARGV[11] .. 'ev:' .. id)
                redis.call('SREM', ARGV[11] .. 'refs:' .. ARGV[13], id)
              else
                redis.call('HSET', ARGV[11] .. 'ev:' .. id, 'e', ARGV[i + 3])
                if ARGV[i + 4] ~= '' then redis.call('HSET', ARGV[11] .. 'ev:' .. id, 's', ARGV[i + 4]) end
              end
            end
            local kind = ARGV[3]
            local changed = nil
            local action = kind == 'EDIT' or kind == 'DELETE' or kind == 'REACT' or kind == 'UNREACT'
                or kind == 'PIN' or kind == 'UNPIN'
            if action then
              local deleted = redis.call('HGET', KEYS[4], 'deleted') == '1'
              if kind == 'EDIT' and not deleted then
                redis.call('HSET', KEYS[4], 'text', ARGV[4], 'mentions', ARGV[7], 'edited', ARGV[8])
              elseif kind == 'DELETE' then
                redis.call('HSET', KEYS[4], 'deleted', '1', 'removedBy', ARGV[9])
                redis.call('HDEL', KEYS[4], 'text', 'mentions', 'edited', 'pinnedBy', 'pinnedAt')
                redis.call('ZREM', ARGV[11] .. 'pins:' .. ARGV[12], ARGV[13])
                redis.call('DEL', KEYS[5])
                local files = redis.call('HGET', KEYS[4], 'files')
                if files then
                  for file in string.gmatch(files, '[^\\n]+') do
                    redis.call('HDEL', ARGV[11] .. 'fr:' .. file, ARGV[13])
                    -- A file no other message carries goes with it (its record; see RedisFileIndex.remove).
                    if redis.call('HLEN', ARGV[11] .. 'fr:' .. file) == 0 then
                      local blob = redis.call('HGET', ARGV[11] .. 'f:' .. file, 'blob')
                      redis.call('DEL', ARGV[11] .. 'f:' .. file)
                      if blob then redis.call('SREM', ARGV[11] .. 'b:' .. blob, file) end
                    end
                  end
                end
              elseif kind == 'REACT' and not deleted then
                local field = ARGV[4] .. '\\n' .. ARGV[5]
                if redis.call('HEXISTS', KEYS[5], field) == 0 then
                  local n = redis.call('HINCRBY', KEYS[4], 'reactions', 1)
                  redis.call('HSET', KEYS[5], field, n .. '\\n' .. ARGV[6])
                end
              elseif kind == 'UNREACT' then
                redis.call('HDEL', KEYS[5], ARGV[4] .. '\\n' .. ARGV[5])
              elseif kind == 'PIN' and not deleted and redis.call('HEXISTS', KEYS[4], 'pinnedBy') == 0
                  and #redis.call('XRANGE', KEYS[1], ARGV[13], ARGV[13]) > 0 then
                redis.call('HSET', KEYS[4], 'pinnedBy', ARGV[6], 'pinnedAt', ARGV[8])
                redis.call('ZADD', ARGV[11] .. 'pins:' .. ARGV[12], ARGV[8], ARGV[13])
              elseif kind == 'UNPIN' then
                redis.call('HDEL', KEYS[4], 'pinnedBy', 'pinnedAt')
                redis.call('ZREM', ARGV[11] .. 'pins:' .. ARGV[12], ARGV[13])
              end
            end
            if kind == 'MESSAGE' and ARGV[14] == '1' then
              redis.call('HINCRBY', KEYS[4], 'replies', 1)
              redis.call('HSET', KEYS[4], 'lastReply', ARGV[8])
              local people = redis.call('HGET', KEYS[4], 'people') or ''
              local count = 0
              local known = false
              for line in string.gmatch(people, '[^\\n]+') do
                count = count + 1
                if string.sub(line, 1, string.len(ARGV[5]) + 1) == ARGV[5] .. '\\t' then known = true end
              end
              if not known and count < 5 then
                redis.call('HSET', KEYS[4], 'people', people .. ARGV[5] .. '\\t' .. ARGV[6] .. '\\n')
              end
            end
            if action or (kind == 'MESSAGE' and ARGV[14] == '1') then
              -- The message as it stands right after: as appended (or as an edit or a deletion overwrote it), its
              -- state and its reactions.
              local target = kept(ARGV[13])
              if target then
                changed = cjson.encode({e = target, m = redis.call('HGETALL', KEYS[4]),
                    r = redis.call('HGETALL', KEYS[5])})
              end
            end
            -- The event itself is kept beside the stream (an entry cannot change; an edit or a deletion overwrites it).
            local id = redis.call('XADD', KEYS[1], '*', 'e', '', 'c', ARGV[1])
            if changed then
              redis.call('HSET', ARGV[11] .. 'ev:' .. id, 'e', ARGV[2], 's', changed)
            else
              redis.call('HSET', ARGV[11] .. 'ev:' .. id, 'e', ARGV[2])
            end
            if action or (kind == 'MESSAGE' and ARGV[14] == '1') then
              redis.call('SADD', ARGV[11] .. 'refs:' .. ARGV[13], id)
            end
            if ARGV[16] ~= '' then redis.call('SADD', ARGV[11] .. 'refs:' .. ARGV[16], id) end
            if ARGV[15] == '1' then
              redis.call('XADD', KEYS[3], id, 'e', '', 't', '1')
            else
              redis.call('XADD', KEYS[3], id, 'e', '')
            end
            redis.call('SADD', ARGV[11] .. 'conversations', ARGV[12])
            if kind == 'MESSAGE' and ARGV[14] == '1' then
              redis.call('XADD', ARGV[11] .. 'c:thread:' .. ARGV[13], id, 'e', '')
              redis.call('SADD', ARGV[11] .. 'conversations', 'thread:' .. ARGV[13])
            end
            if ARGV[1] ~= '' then redis.call('HSET', KEYS[2], ARGV[1], id) end
            if kind == 'MESSAGE' and ARGV[10] ~= '' then
              redis.call('HSET', ARGV[11] .. 'm:' .. id, 'files', ARGV[10])
              for file in string.gmatch(ARGV[10], '[^\\n]+') do
                redis.call('HSET', ARGV[11] .. 'fr:' .. file, id, ARGV[12])
              end
            end
            return {id, '0', changed or ''}
            """;

    /**
     * Retention: KEYS: events, client-ids, conversations, meta. ARGV: how many events to keep, the prefix. Deletes
     * the oldest events past that many, at most 10,000 a call so that Redis is never held long, with their client
     * ids, their messages' state hashes and their entries in every conversation's stream; records up to where, and
     * returns it (nothing when there was nothing to delete).
     */
    private static final String TRIM = """
            local excess = math.min(redis.call('XLEN', KEYS[1]) - tonumber(ARGV[1]), 10000)
            if excess <= 0 then return false end
            local old = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', excess)
            for _, entry in ipairs(old) do
              local id = entry[1]
              local fields = entry[2]
              for i = 1, #fields, 2 do
                if fields[i] == 'c' and fields[i + 1] ~= '' then redis.call('HDEL', KEYS[2], fields[i + 1]) end
              end
              redis.call('DEL', ARGV[2] .. 'm:' .. id, ARGV[2] .. 'r:' .. id, ARGV[2] .. 'ev:' .. id,
                  ARGV[2] .. 'refs:' .. id)
            end
            local last = old[#old][1]
            local ms, seq = string.match(last, '(%d+)-(%d+)')
            local keepFrom = ms .. '-' .. (tonumber(seq) + 1)
            redis.call('XTRIM', KEYS[1], 'MINID', keepFrom)
            for _, conversation in ipairs(redis.call('SMEMBERS', KEYS[3])) do
              redis.call('XTRIM', ARGV[2] .. 'c:' .. conversation, 'MINID', keepFrom)
            end
            redis.call('HSET', KEYS[4], 'trimmed', last)
            return last
            """;
    /**
     * A deleted room, a batch at a time (so that Redis is never held long): KEYS: the room's stream, events,
     * client-ids, conversations. ARGV: the prefix, the batch's size, the room's id. Deletes the batch's oldest events
     * of the room from both streams, with their client ids, their messages' state hashes, their threads' streams
     * (the replies themselves are the room's events) and their hold on files;
     * the room's stream goes with its last batch. Returns how many it deleted.
     */
    private static final String FORGET_ROOM = """
            local entries = redis.call('XRANGE', KEYS[1], '-', ARGV[4], 'COUNT', tonumber(ARGV[2]))
            for _, entry in ipairs(entries) do
              local id = entry[1]
              local event = redis.call('XRANGE', KEYS[2], id, id)
              if event[1] then
                local fields = event[1][2]
                for i = 1, #fields, 2 do
                  if fields[i] == 'c' and fields[i + 1] ~= '' then redis.call('HDEL', KEYS[3], fields[i + 1]) end
                end
                redis.call('XDEL', KEYS[2], id)
              end
              local files = redis.call('HGET', ARGV[1] .. 'm:' .. id, 'files')
              if files then
                for file in string.gmatch(files, '[^\\n]+') do redis.call('HDEL', ARGV[1] .. 'fr:' .. file, id) end
              end
              redis.call('DEL', ARGV[1] .. 'm:' .. id, ARGV[1] .. 'r:' .. id, ARGV[1] .. 'c:thread:' .. id,
                  ARGV[1] .. 'ev:' .. id, ARGV[1] .. 'refs:' .. id)
              redis.call('SREM', KEYS[4], 'thread:' .. id)
              redis.call('XDEL', KEYS[1], id)
            end
            if #entries == 0 and ARGV[4] == '+' then
              redis.call('DEL', KEYS[1], ARGV[1] .. 'pins:' .. ARGV[3])
              redis.call('SREM', KEYS[4], ARGV[3])
            end
            return #entries
            """;
    private static final int FORGET_BATCH = 1_000;
    /**
     * KEYS: a conversation's stream, events. ARGV: the id to start after ('-' from the first), how many, the prefix.
     * Each entry's id and its event's time ('at' in its JSON), oldest first: {id, at, id, at, …}.
     */
    private static final String TIMES = """
            local entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', tonumber(ARGV[2]))
            local out = {}
            for _, entry in ipairs(entries) do
              local event = redis.call('XRANGE', KEYS[2], entry[1], entry[1])
              local at = ''
              local body = redis.call('HGET', ARGV[3] .. 'ev:' .. entry[1], 'e')
              if body then
                at = cjson.decode(body).at or ''
              elseif event[1] then
                local fields = event[1][2]
                for i = 1, #fields, 2 do
                  if fields[i] == 'e' and fields[i + 1] ~= '' then at = cjson.decode(fields[i + 1]).at or '' end
                end
              end
              out[#out + 1] = entry[1]
              out[#out + 1] = tostring(at)
            end
            return out
            """;

    /** Retention runs after this many appends of this server. */
    static final int TRIM_EVERY = 500;

    private final RedisClient client;
    private final int keep;
    private final java.util.concurrent.atomic.AtomicInteger appendsSinceTrim =
            new java.util.concurrent.atomic.AtomicInteger();
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final String epoch;
    private final String tag;
    private final String appendSha;
    private final List<TailThread> tails = Collections.synchronizedList(new ArrayList<>());
    private volatile Position head;
    private volatile boolean closed;
    /** Where reads of several round trips run. */
    private final java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(4,
            r -> {
                Thread thread = new Thread(r, "hubbub-redis-read");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * A log over {@code connection}; its tails open connections of their own from {@code client}.
     *
     * @param keep how many of the newest events to keep; 0 keeps all
     */
    RedisEventLog(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix, int keep) {
        this.client = client;
        this.keep = keep;
        this.connection = connection;
        this.prefix = prefix;
        RedisCommands<String, String> redis = connection.sync();
        redis.hsetnx(prefix + "meta", "epoch", UUID.randomUUID().toString());
        this.epoch = redis.hget(prefix + "meta", "epoch");
        this.tag = epoch.replace("-", "").substring(0, 8).toLowerCase(java.util.Locale.ROOT);
        this.appendSha = redis.scriptLoad(APPEND);
        this.head = Position.START;
        head();
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public String format(Position position) {
        return tag + "." + position.major() + "-" + position.minor();
    }

    @Override
    public Optional<Position> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(id);
        if (!m.matches() || !m.group(1).equals(tag)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Position(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Asks Redis: the newest entry any server appended (this one's own appends and tail may lag behind it). */
    @Override
    public Position head() {
        List<StreamMessage<String, String>> last = connection.sync().xrevrange(prefix + "events",
                Range.create("-", "+"), Limit.from(1));
        Position newest = last.isEmpty() ? Position.START : positionOf(last.get(0).getId());
        advanceHead(newest);
        return head;
    }

    @Override
    public CompletableFuture<Appended> append(LogEvent event) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed"));
        }
        LogEvent stamped = event.at(event.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        if (stamped.kind() == LogEvent.Kind.ROOM_DELETED) {
            // Its messages go first, in batches (one script would hold Redis for every server), then the deletion
            // is stored. A crash between leaves what was not deleted yet of a room nobody can open any more, for
            // the retention limit to delete in its turn.
            return forgetRoom(stamped.conversation()).thenCompose(forgotten -> store(stamped));
        }
        return store(stamped);
    }

    /** Deletes a room's events a batch at a time until none is left. */
    private CompletableFuture<Void> forgetRoom(String room) {
        return forgetUpTo(room, "+").thenApply(n -> null);
    }

    /**
     * Deletes a room's events up to the stream id {@code upTo} (inclusive; {@code +}: all, and then the room's stream),
     * a batch at a time; how many went.
     */
    private CompletableFuture<Long> forgetUpTo(String room, String upTo) {
        String[] keys = {prefix + "c:" + room, prefix + "events", prefix + "client-ids", prefix + "conversations"};
        return connection.async().<Long>eval(FORGET_ROOM, ScriptOutputType.INTEGER, keys, prefix,
                        String.valueOf(FORGET_BATCH), room, upTo).toCompletableFuture()
                .thenCompose(deleted -> deleted == 0 ? CompletableFuture.completedFuture(0L)
                        : forgetUpTo(room, upTo).thenApply(more -> more + deleted));
    }

    @Override
    public long forgetInRoom(String room, java.time.Instant before, int keepNewest) {
        String bound = null;
        if (keepNewest > 0) {
            var newest = RedisStore.call(() -> connection.sync().xrevrange(prefix + "c:" + room,
                    io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(keepNewest + 1)));
            if (newest.size() == keepNewest + 1) {
                bound = newest.get(keepNewest).getId();
            }
        }
        if (before != null) {
            // By the events' own times (an imported history was stored long after it was written), oldest first
            // until the first one young enough.
            String byAge = lastBefore(room, before);
            bound = byAge == null ? bound : bound == null || later(byAge, bound) ? byAge : bound;
        }
        if (bound == null) {
            return 0;
        }
        String upTo = bound;
        return RedisStore.call(() -> forgetUpTo(room, upTo).join());
    }

    /** The id of the room's last event (from the oldest on) written before {@code before}; null when none is. */
    private String lastBefore(String room, java.time.Instant before) {
        String after = "-";
        String last = null;
        while (true) {
            String start = after;
            List<Object> times = RedisStore.call(() -> connection.sync().eval(TIMES, ScriptOutputType.MULTI,
                    new String[] {prefix + "c:" + room, prefix + "events"}, start, "500", prefix));
            for (int i = 0; i < times.size(); i += 2) {
                if (times.get(i).equals(start)) {
                    continue; // where this batch began, read in the last one (XRANGE's start is inclusive)
                }
                String at = (String) times.get(i + 1);
                if (!at.isEmpty() && !java.time.Instant.parse(at).isBefore(before)) {
                    return last;
                }
                last = (String) times.get(i);
            }
            if (times.size() < 1000) {
                return last;
            }
            after = last;
        }
    }

    /** Whether stream id {@code a} comes after {@code b} ("ms-seq", or "ms"). */
    private static boolean later(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int ms = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return ms != 0 ? ms > 0 : Long.compareUnsigned(x.length > 1 ? Long.parseUnsignedLong(x[1]) : 0,
                y.length > 1 ? Long.parseUnsignedLong(y[1]) : 0) > 0;
    }

    private CompletableFuture<Appended> store(LogEvent stamped) {
        return stamped.kind() == LogEvent.Kind.EDIT || stamped.kind() == LogEvent.Kind.DELETE
                ? overwriting(stamped, 1) : store(stamped, List.of());
    }

    /**
     * An edit or a deletion, with what it overwrites ({@link Overwrite}) worked out from what Redis keeps; the script
     * stores both only when none of it changed meanwhile, and this tries again when something did.
     */
    private CompletableFuture<Appended> overwriting(LogEvent action, int attempt) {
        return reading(() -> overwrites(action)).thenCompose(overwrites -> store(action, overwrites))
                .thenCompose(appended -> appended != null ? CompletableFuture.completedFuture(appended)
                        : attempt < OVERWRITE_ATTEMPTS ? overwriting(action, attempt + 1)
                        : CompletableFuture.failedFuture(new StoreException("the message changed " + attempt
                        + " times while this " + action.kind() + " was stored; try again")));
    }

    /**
     * The script's arguments for what {@code action} overwrites: how many events keep its message's words, then for
     * each one that changes its id, its body and kept message as read ({@code e}, {@code s}), and as they become
     * (an empty body: the event goes; an empty {@code s}: it stays). Blocks (a few round trips).
     */
    private List<String> overwrites(LogEvent action) {
        String target = idOf(action.target());
        Kept message = kept(target);
        if (message == null || "1".equals(connection.sync().hget(prefix + "m:" + target, "deleted"))) {
            return List.of();
        }
        Overwrite overwrite = Overwrite.of(action, message.logged().event());
        if (overwrite == null) {
            return List.of();
        }
        java.util.Set<String> refs = connection.sync().smembers(prefix + "refs:" + target);
        List<String> args = new ArrayList<>(List.of(String.valueOf(refs.size())));
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(List.of(target));
        ids.addAll(refs);
        for (String id : ids) {
            Kept kept = id.equals(target) ? message : kept(id);
            Logged after = kept == null ? null : overwrite.apply(kept.logged());
            if (kept != null && after != kept.logged()) {
                args.addAll(List.of(id, kept.e(), kept.s(), after == null ? "" : ChatJson.write(after.event()),
                        after == null || after.changed() == null ? "" : SqliteRows.Changed.of(after.changed())));
            }
        }
        return args;
    }

    /** An event as Redis keeps it: its body and kept message as stored ({@code e}, {@code s}), and read. */
    private record Kept(String e, String s, Logged logged) {
    }

    /** The event {@code id} as Redis keeps it now; null when there is none. Blocks. */
    private Kept kept(String id) {
        List<io.lettuce.core.KeyValue<String, String>> body = connection.sync().hmget(prefix + "ev:" + id, "e", "s");
        String e = body.get(0).getValueOrElse(null);
        String s = body.get(1).getValueOrElse(null);
        if (e == null) {
            List<StreamMessage<String, String>> entry = connection.sync().xrange(prefix + "events",
                    Range.create(id, id));
            if (entry.isEmpty()) {
                return null;
            }
            e = entry.get(0).getBody().get("e");
            s = entry.get(0).getBody().get("s");
        }
        return e == null || e.isEmpty() ? null
                : new Kept(e, s == null ? "" : s, logged(positionOf(id), e, s));
    }

    /** Stores an event with what it overwrites ({@link #overwrites}); null when that changed meanwhile. */
    private CompletableFuture<Appended> store(LogEvent stamped, List<String> overwrites) {
        String target = stamped.kind().isAction() ? idOf(stamped.target())
                : stamped.thread() != null ? idOf(stamped.thread()) : "none";
        String[] keys = {prefix + "events", prefix + "client-ids", prefix + "c:" + stamped.conversation(),
                prefix + "m:" + target, prefix + "r:" + target};
        String[] args = {stamped.clientId() == null ? "" : stamped.clientId(), ChatJson.write(stamped),
                stamped.kind().name(), stamped.text(), stamped.authorKey(), stamped.author(),
                stamped.mentions() == dev.hubbub.chat.Mentions.Found.NONE ? "" : ChatJson.write(stamped.mentions()),
                String.valueOf(SqliteStore.micros(stamped.at())),
                LogEvent.REMOVED.equals(stamped.text()) ? stamped.author() : "",
                stamped.kind() == LogEvent.Kind.MESSAGE ? String.join("\n",
                        stamped.files().stream().map(dev.hubbub.chat.Attachment::id).toList()) : "",
                prefix, stamped.conversation(), target, stamped.thread() != null ? "1" : "0",
                stamped.thread() != null && !stamped.alsoInRoom() ? "1" : "0",
                stamped.target() != null && !stamped.kind().isAction() ? idOf(stamped.target()) : "",
                overwrites.isEmpty() ? "" : overwrites.get(0)};
        if (overwrites.size() > 1) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(overwrites.subList(1, overwrites.size()));
            args = all.toArray(String[]::new);
        }
        String[] argv = args;
        return connection.async().<List<Object>>evalsha(appendSha, ScriptOutputType.MULTI, keys, argv)
                .toCompletableFuture()
                // A Redis that restarted has forgotten the script (nothing ran): send it whole, which loads it again.
                .exceptionallyCompose(failure -> RedisStore.unwrap(failure)
                        instanceof io.lettuce.core.RedisNoScriptException
                        ? connection.async().<List<Object>>eval(APPEND, ScriptOutputType.MULTI, keys, argv)
                                .toCompletableFuture()
                        : CompletableFuture.failedFuture(failure))
                .thenCompose(answer -> {
                    if ("stale".equals(answer.get(1))) {
                        return CompletableFuture.completedFuture(null);
                    }
                    String id = (String) answer.get(0);
                    Position position = positionOf(id);
                    if ("1".equals(answer.get(1))) {
                        return read(position).thenApply(earlier -> new Appended(earlier.orElseThrow(), true));
                    }
                    advanceHead(position);
                    trimNowAndThen();
                    String changed = answer.size() > 2 ? (String) answer.get(2) : "";
                    return CompletableFuture.completedFuture(new Appended(new Logged(position, stamped, null,
                            changed.isEmpty() ? null : changedOf(changedPosition(stamped), changed)), false));
                }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(RedisStore.failure(failure)));
    }

    private synchronized void advanceHead(Position position) {
        if (position.isAfter(head)) {
            head = position;
        }
    }

    /** The event at a position, as appended. */
    private CompletableFuture<Optional<Logged>> read(Position position) {
        String id = idOf(position);
        return connection.async().xrange(prefix + "events", Range.create(id, id)).toCompletableFuture()
                .thenCombine(connection.async().hmget(prefix + "ev:" + id, "e", "s").toCompletableFuture(),
                        (found, body) -> found.stream().findFirst().map(entry -> logged(entry, body)));
    }

    /** Stream entries' events, each with its body (one pipelined round trip); an event that went is left out. */
    private List<Logged> loggedAll(List<StreamMessage<String, String>> entries) {
        List<CompletableFuture<List<io.lettuce.core.KeyValue<String, String>>>> bodies = new ArrayList<>();
        for (StreamMessage<String, String> entry : entries) {
            bodies.add(connection.async().hmget(prefix + "ev:" + entry.getId(), "e", "s").toCompletableFuture());
        }
        List<Logged> found = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Logged logged = logged(entries.get(i), bodies.get(i).join());
            if (logged != null) {
                found.add(logged);
            }
        }
        return found;
    }

    @Override
    public CompletableFuture<List<Logged>> range(Position after, Position upTo, Scope scope, int limit) {
        return reading(() -> {
            // Newest first, a batch at a time, keeping what the scope shows, until the limit or the start.
            List<Logged> found = new ArrayList<>();
            Range.Boundary<String> upper = Range.Boundary.including(idOf(upTo));
            Range.Boundary<String> lower = after.equals(Position.START) ? Range.Boundary.unbounded()
                    : Range.Boundary.excluding(idOf(after));
            while (found.size() < limit) {
                List<StreamMessage<String, String>> batch = connection.sync().xrevrange(prefix + "events",
                        Range.from(lower, upper), Limit.from(RANGE_BATCH));
                for (Logged logged : loggedAll(batch)) {
                    if (scope.includes(logged.event())) {
                        found.add(withChangedMessage(logged));
                        if (found.size() == limit) {
                            break;
                        }
                    }
                }
                if (batch.size() < RANGE_BATCH) {
                    break;
                }
                upper = Range.Boundary.excluding(batch.get(batch.size() - 1).getId());
            }
            Collections.reverse(found);
            return found;
        });
    }

    @Override
    public CompletableFuture<Page> page(String conversation, Position before, Position after, int limit) {
        return reading(() -> pageOf(prefix + "c:" + conversation, before, after, limit));
    }

    @Override
    public CompletableFuture<List<Logged>> pinned(String conversation) {
        return reading(() -> {
            List<Logged> found = new ArrayList<>();
            for (String id : connection.sync().zrevrange(prefix + "pins:" + conversation, 0, MAX_PINNED - 1)) {
                read(positionOf(id)).join().filter(l -> l.event().kind() == LogEvent.Kind.MESSAGE)
                        .map(this::folded).filter(m -> m.state().pinned() != null).ifPresent(found::add);
            }
            return found;
        });
    }

    @Override
    public CompletableFuture<Page> thread(Position root, Position before, Position after, int limit) {
        return reading(() -> pageOf(prefix + "c:thread:" + idOf(root), before, after, limit));
    }

    /**
     * A page of the stream {@code key} of a conversation or a thread, leaving out the entries marked {@code t} (a
     * reply only in its thread): read a batch at a time until the page is full or the stream read.
     */
    private Page pageOf(String key, Position before, Position after, int limit) {
        List<StreamMessage<String, String>> ids = new ArrayList<>();
        String from = after != null ? idOf(after) : before != null ? idOf(before) : null;
        while (ids.size() <= limit) {
            Range.Boundary<String> edge = from == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(from);
            List<StreamMessage<String, String>> batch = after != null
                    ? connection.sync().xrange(key, Range.from(edge, Range.Boundary.unbounded()), Limit.from(limit + 1))
                    : connection.sync().xrevrange(key, Range.from(Range.Boundary.unbounded(), edge),
                            Limit.from(limit + 1));
            for (StreamMessage<String, String> entry : batch) {
                if (!entry.getBody().containsKey("t") && ids.size() <= limit) {
                    ids.add(entry);
                }
            }
            if (batch.size() < limit + 1) {
                break;
            }
            from = batch.get(batch.size() - 1).getId();
        }
        boolean more = ids.size() > limit;
        List<Logged> found = new ArrayList<>();
        for (StreamMessage<String, String> entry : ids.subList(0, Math.min(limit, ids.size()))) {
            read(positionOf(entry.getId())).join().filter(l -> l.event().kind() == LogEvent.Kind.MESSAGE
                    || l.event().kind() == LogEvent.Kind.NOTICE).map(this::folded).ifPresent(found::add);
        }
        if (after == null) {
            Collections.reverse(found);
        }
        return new Page(found, more);
    }

    @Override
    public CompletableFuture<Optional<Logged>> message(Position position) {
        return reading(() -> read(position).join().filter(l -> l.event().kind() == LogEvent.Kind.MESSAGE)
                .map(this::folded));
    }

    @Override
    public CompletableFuture<Optional<Position>> storedAs(String clientId) {
        return reading(() -> Optional.ofNullable(connection.sync().hget(prefix + "client-ids", clientId))
                .map(RedisEventLog::positionOf));
    }

    /**
     * Runs a read of several round trips on the log's reading threads (never a caller's); its failure is a failed
     * future, Redis out of reach a {@link StoreUnavailableException} as {@link RedisStore#failure} says.
     */
    private <T> CompletableFuture<T> reading(java.util.function.Supplier<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed"));
        }
        try {
            return CompletableFuture.supplyAsync(work, readers)
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(RedisStore.failure(failure)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed"));
        }
    }

    /** A message with what was done to it, from its state and reactions hashes (see the append script). */
    private Logged folded(Logged logged) {
        String id = idOf(logged.position());
        return fold(logged, connection.sync().hgetall(prefix + "m:" + id),
                connection.sync().hgetall(prefix + "r:" + id));
    }

    /**
     * A message as its state hash ({@code m:<id>}) and reactions hash ({@code r:<id>}) say it stands, as the append
     * script keeps them (the one place the Redis store decides what an action does to a message).
     */
    private static Logged fold(Logged logged, Map<String, String> state, Map<String, String> reacted) {
        boolean deleted = "1".equals(state.get("deleted"));
        LogEvent e = logged.event();
        String edited = state.get("text");
        dev.hubbub.chat.Mentions.Found mentions = deleted ? dev.hubbub.chat.Mentions.Found.NONE
                : edited == null ? e.mentions() : state.get("mentions").isEmpty() ? dev.hubbub.chat.Mentions.Found.NONE
                : ChatJson.read(state.get("mentions"), dev.hubbub.chat.Mentions.Found.class);
        // Reactions in the order first used: each field is "emoji\nperson", each value "n\nname".
        List<String[]> entries = new ArrayList<>();
        reacted.forEach((field, value) -> {
            int at = value.indexOf('\n');
            entries.add(new String[] {value.substring(0, at), field.substring(0, field.indexOf('\n')),
                    value.substring(at + 1)});
        });
        entries.sort(java.util.Comparator.comparingLong(entry -> Long.parseLong(entry[0])));
        Map<String, List<String>> byEmoji = new java.util.LinkedHashMap<>();
        entries.forEach(entry -> byEmoji.computeIfAbsent(entry[1], k -> new ArrayList<>()).add(entry[2]));
        List<Logged.Reaction> reactions = byEmoji.entrySet().stream()
                .map(entry -> new Logged.Reaction(entry.getKey(), entry.getValue())).toList();
        String removedBy = state.get("removedBy");
        return new Logged(logged.position(), e, new Logged.State(deleted ? "" : edited != null ? edited : e.text(),
                mentions, deleted || state.get("edited") == null ? null
                : SqliteStore.instant(Long.parseLong(state.get("edited"))), deleted,
                deleted ? List.of() : reactions, removedBy == null || removedBy.isEmpty() ? null : removedBy,
                repliesOf(state), state.get("pinnedBy") == null ? null : new Logged.Pinned(state.get("pinnedBy"),
                SqliteStore.instant(Long.parseLong(state.get("pinnedAt"))))));
    }

    /** A thread root's summary from its state hash (see the append script); null when nobody replied. */
    private static Logged.Replies repliesOf(Map<String, String> state) {
        String count = state.get("replies");
        if (count == null) {
            return null;
        }
        List<String> people = new ArrayList<>();
        for (String line : state.getOrDefault("people", "").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab >= 0) {
                people.add(line.substring(tab + 1));
            }
        }
        return new Logged.Replies(Integer.parseInt(count), SqliteStore.instant(Long.parseLong(state.get("lastReply"))),
                people);
    }

    /** Which message an entry's {@code s} is: an action's target, a reply's thread root. */
    private static Position changedPosition(LogEvent event) {
        return event.kind().isAction() ? event.target() : event.thread();
    }

    /**
     * Every {@link #TRIM_EVERY} appends, deletes what is older than the newest {@code keep} (the script {@link #TRIM});
     * in the background, failures logged. Several servers may trim at once: each deletes what is still too old.
     */
    private void trimNowAndThen() {
        if (keep <= 0 || appendsSinceTrim.incrementAndGet() < TRIM_EVERY) {
            return;
        }
        appendsSinceTrim.set(0);
        connection.async().eval(TRIM, ScriptOutputType.VALUE, new String[] {prefix + "events", prefix + "client-ids",
                prefix + "conversations", prefix + "meta"}, String.valueOf(keep), prefix)
                .whenComplete((trimmed, failure) -> {
                    if (failure != null) {
                        LOG.warn("could not delete old messages (keeping the newest {}): {}", keep, failure.toString());
                    }
                });
    }

    @Override
    public Position trimmedUpTo() {
        String trimmed = RedisStore.call(() -> connection.sync().hget(prefix + "meta", "trimmed"));
        return trimmed == null ? Position.START : positionOf(trimmed);
    }

    @Override
    public Tail tail(Position after, TailListener listener) {
        TailThread tail = new TailThread(after, listener);
        tails.add(tail);
        tail.start();
        return tail;
    }

    /** Reads the stream from its cursor with a blocking XREAD on a connection of its own. */
    private final class TailThread extends Thread implements Tail {
        private final TailListener listener;
        private final StatefulRedisConnection<String, String> reading;
        private String cursor;
        private volatile boolean open = true;

        TailThread(Position after, TailListener listener) {
            super("hubbub-redis-tail");
            setDaemon(true);
            this.listener = listener;
            this.cursor = after.equals(Position.START) ? "0-0" : idOf(after);
            this.reading = client.connect();
        }

        @Override
        public void run() {
            boolean failing = false;
            while (open) {
                try {
                    List<StreamMessage<String, String>> batch = reading.sync().xread(
                            XReadArgs.Builder.block(Duration.ofSeconds(1)).count(TAIL_BATCH),
                            XReadArgs.StreamOffset.from(prefix + "events", cursor));
                    if (failing) {
                        failing = false;
                        LOG.info("the Redis tail reads again");
                    }
                    if (batch == null || batch.isEmpty()) {
                        continue;
                    }
                    List<Logged> events = new ArrayList<>(batch.size());
                    for (Logged logged : loggedAll(batch)) {
                        events.add(withChangedMessage(logged));
                    }
                    String last = batch.get(batch.size() - 1).getId();
                    advanceHead(positionOf(last));
                    if (hand(events)) {
                        cursor = last;
                    }
                } catch (RuntimeException e) {
                    if (!open) {
                        return;
                    }
                    // Said once per outage: the tail tries again twice a second until Redis is back.
                    if (!failing) {
                        failing = true;
                        LOG.warn("the Redis tail cannot read; trying again until it can: {}", e.toString());
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }

        /**
         * Hands a batch to the listener; false when it failed (the search index could not write, say): then it gets
         * the same batch again in a moment, so nothing is skipped. The hub skips what it has already.
         */
        private boolean hand(List<Logged> events) {
            try {
                listener.accept(events);
                return true;
            } catch (RuntimeException e) {
                LOG.warn("a reader of the Redis tail failed; it gets the same events again: {}", e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    open = false;
                }
                return false;
            }
        }

        @Override
        public void close() {
            open = false;
            tails.remove(this);
            reading.close();
        }
    }

    /**
     * An action stored before actions kept their message (no field {@code s}) gets the message as it stands now,
     * which is what a client would show anyway; any other event is as it is. Blocks (a round trip or three).
     */
    private Logged withChangedMessage(Logged logged) {
        if (!logged.event().kind().isAction() || logged.changed() != null) {
            return logged;
        }
        return read(logged.event().target()).join().filter(l -> l.event().kind() == LogEvent.Kind.MESSAGE)
                .map(message -> logged.withChanged(folded(message))).orElse(logged);
    }

    /**
     * A stream entry's event: its body ({@code ev:<id>}, fields {@code e} and {@code s}) as an edit or a deletion may
     * have overwritten it; an entry stored before bodies were kept beside the stream holds its own. Null when the
     * event went (an action on a message deleted since).
     */
    private static Logged logged(StreamMessage<String, String> entry, List<io.lettuce.core.KeyValue<String, String>> body) {
        String e = body.get(0).getValueOrElse(null);
        String s = body.get(1).getValueOrElse(null);
        if (e == null) {
            e = entry.getBody().get("e");
            s = entry.getBody().get("s");
        }
        return e == null || e.isEmpty() ? null : logged(positionOf(entry.getId()), e, s);
    }

    private static Logged logged(Position position, String e, String s) {
        LogEvent event = ChatJson.read(e, LogEvent.class);
        return new Logged(position, event, null, s == null || s.isEmpty() ? null
                : changedOf(changedPosition(event), s));
    }

    /**
     * What an action's entry keeps of the message it changed (field {@code s}, written by the append script): the
     * message as appended, and its state and reactions hashes right after, each a flat list of fields and values
     * (an empty hash comes as an empty object).
     */
    private static Logged changedOf(Position target, String json) {
        com.fasterxml.jackson.databind.JsonNode changed = ChatJson.read(json,
                com.fasterxml.jackson.databind.JsonNode.class);
        if (changed.has("state")) {
            // As an edit or a deletion rewrote it (see Overwrite): the message and its state, as SQLite keeps them.
            return ChatJson.read(json, SqliteRows.Changed.class).logged(target);
        }
        Logged message = new Logged(target, ChatJson.read(changed.get("e").asText(), LogEvent.class));
        return fold(message, hash(changed.get("m")), hash(changed.get("r")));
    }

    private static Map<String, String> hash(com.fasterxml.jackson.databind.JsonNode flat) {
        Map<String, String> fields = new java.util.HashMap<>();
        if (flat != null && flat.isArray()) {
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(flat.get(i).asText(), flat.get(i + 1).asText());
            }
        }
        return fields;
    }

    static Position positionOf(String streamId) {
        int dash = streamId.indexOf('-');
        return new Position(Long.parseLong(streamId.substring(0, dash)), Long.parseLong(streamId.substring(dash + 1)));
    }

    private static String idOf(Position position) {
        return position.major() + "-" + position.minor();
    }

    @Override
    public void close() {
        closed = true;
        readers.shutdown();
        List.copyOf(tails).forEach(TailThread::close);
    }
}

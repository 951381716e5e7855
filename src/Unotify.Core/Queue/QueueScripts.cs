namespace Unotify.Core.Queue;

/// <summary>
/// The queue's Lua scripts. Each touches only the keys of one worker (one hash tag, one Cluster slot) and runs
/// atomically, so a crash between two Redis calls can never leave a job in two states or in none.
/// </summary>
/// <remarks>
/// <para>
/// Keys used throughout: due (zset id→due ms), leased (zset id→lease expiry ms), job:ID (string, the stored job),
/// tokens (hash id→lease token), attempts (hash id→attempts started), dead (zset id→dead-at ms), deadjob:ID (string,
/// the dead job). A script that picks its ids itself (fetch, replay, purge) builds those per-job keys from a prefix
/// argument; they carry the worker's hash tag, so they live in the same Cluster slot as the keys passed in KEYS.
/// </para>
/// <para>
/// Sorted sets are read by rank (<c>ZRANGE 0 k WITHSCORES</c>, then stop at the first score after now), never with
/// <c>ZRANGEBYSCORE … LIMIT</c>: Garnet collects every member in the score range before applying the limit, so under a
/// backlog each call cost time in proportion to the whole queue (measured: 31 % of the embedded host's CPU).
/// </para>
/// <para>
/// Builds before per-job keys kept jobs in a jobs hash and dead jobs in a deadjobs hash. The scripts still read a job
/// from there when its key is missing and delete it there when it settles, so jobs queued by such a build are not lost
/// by an upgrade; nothing is written there any more.
/// </para>
/// </remarks>
internal static class QueueScripts
{
    /// <summary>Stores a job and makes it due now. KEYS: job, due. ARGV: id, stored job, now.</summary>
    public const string Enqueue = """
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Returns expired leases to due (their holder died or stalled), then leases up to ARGV[2] due jobs, giving each a
    /// new token and counting the attempt. Returns {next due-or-expiry ms or -1, id, token, attempt, stored job, …}.
    /// KEYS: due, leased, legacy jobs, tokens, attempts. ARGV: now, count, lease ms, token base, job key prefix.
    /// </summary>
    public const string Fetch = """
        local now = tonumber(ARGV[1])
        local expired = redis.call('ZRANGE', KEYS[2], 0, 999, 'WITHSCORES')
        for i = 1, #expired, 2 do
          if tonumber(expired[i + 1]) > now then break end
          local id = expired[i]
          redis.call('ZREM', KEYS[2], id)
          redis.call('HDEL', KEYS[4], id)
          redis.call('ZADD', KEYS[1], now, id)
        end
        local result = { -1 }
        local due = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
        local n = 0
        for i = 1, #due, 2 do
          if tonumber(due[i + 1]) > now then break end
          local id = due[i]
          n = n + 1
          redis.call('ZREM', KEYS[1], id)
          local stored = redis.call('GET', ARGV[5] .. id) or redis.call('HGET', KEYS[3], id)
          if stored then
            local token = ARGV[4] .. ':' .. n
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), id)
            redis.call('HSET', KEYS[4], id, token)
            local attempt = redis.call('HINCRBY', KEYS[5], id, 1)
            result[#result + 1] = id
            result[#result + 1] = token
            result[#result + 1] = attempt
            result[#result + 1] = stored
          else
            redis.call('HDEL', KEYS[5], id)
          end
        end
        local nextDue = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        local nextExpiry = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
        local next = -1
        if nextDue[2] then next = tonumber(nextDue[2]) end
        if nextExpiry[2] and (next < 0 or tonumber(nextExpiry[2]) < next) then next = tonumber(nextExpiry[2]) end
        result[1] = tostring(next)
        return result
        """;

    /// <summary>Extends a lease held with the current token. KEYS: leased, tokens. ARGV: id, token, new expiry ms.</summary>
    public const string Renew = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return 1
        """;

    /// <summary>Removes a finished job held with the current token. KEYS: leased, tokens, job, attempts, legacy jobs. ARGV: id, token.</summary>
    public const string Ack = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('DEL', KEYS[3])
        redis.call('HDEL', KEYS[4], ARGV[1])
        redis.call('HDEL', KEYS[5], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Puts a job held with the current token back as due at ARGV[4] with its updated stored form (last error). With
    /// ARGV[5] = '1' the attempt is not counted (a release on shutdown). KEYS: leased, tokens, job, due, attempts,
    /// legacy jobs. ARGV: id, token, stored job, due ms, uncount.
    /// </summary>
    public const string Reschedule = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('SET', KEYS[3], ARGV[3])
        redis.call('HDEL', KEYS[6], ARGV[1])
        redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
        if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[5], ARGV[1], -1) end
        return 1
        """;

    /// <summary>
    /// Moves a job held with the current token to the dead letters with its stored form (error and attempts). KEYS:
    /// leased, tokens, job, attempts, dead, dead job, legacy jobs. ARGV: id, token, stored job, dead-at ms.
    /// </summary>
    public const string Kill = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('DEL', KEYS[3])
        redis.call('HDEL', KEYS[7], ARGV[1])
        redis.call('HDEL', KEYS[4], ARGV[1])
        redis.call('SET', KEYS[6], ARGV[3])
        redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Queues dead letters again with a fresh attempt count: ARGV[2] ids (or, when empty, up to ARGV[3] of the oldest).
    /// Returns how many. KEYS: dead, legacy dead jobs, legacy jobs, due, attempts. ARGV: now, id or '', batch size,
    /// job key prefix, dead job key prefix.
    /// </summary>
    public const string Replay = """
        local ids
        if ARGV[2] ~= '' then ids = { ARGV[2] } else ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1) end
        local count = 0
        for _, id in ipairs(ids) do
          local stored = redis.call('GET', ARGV[5] .. id) or redis.call('HGET', KEYS[2], id)
          redis.call('ZREM', KEYS[1], id)
          if stored then
            redis.call('DEL', ARGV[5] .. id)
            redis.call('HDEL', KEYS[2], id)
            redis.call('SET', ARGV[4] .. id, stored)
            redis.call('HDEL', KEYS[3], id)
            redis.call('HDEL', KEYS[5], id)
            redis.call('ZADD', KEYS[4], ARGV[1], id)
            count = count + 1
          end
        end
        return count
        """;

    /// <summary>
    /// Deletes up to ARGV[2] dead letters, oldest first; returns how many. Once none are left it also drops the legacy
    /// hash, whose entries without a dead-set member nothing could reach. KEYS: dead, legacy dead jobs. ARGV: dead job
    /// key prefix, batch size.
    /// </summary>
    public const string Purge = """
        local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        for _, id in ipairs(ids) do
          redis.call('DEL', ARGV[1] .. id)
          redis.call('HDEL', KEYS[2], id)
          redis.call('ZREM', KEYS[1], id)
        end
        if #ids < tonumber(ARGV[2]) then redis.call('DEL', KEYS[2]) end
        return #ids
        """;
}

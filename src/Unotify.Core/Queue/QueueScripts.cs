namespace Unotify.Core.Queue;

/// <summary>
/// The queue's Lua scripts. Each touches only the keys of one worker (one hash tag, one Cluster slot) and runs
/// atomically, so a crash between two Redis calls can never leave a job in two states or in none.
/// </summary>
/// <remarks>
/// Keys used throughout: due (zset id→due ms), leased (zset id→lease expiry ms), jobs (hash id→JSON),
/// tokens (hash id→lease token), attempts (hash id→attempts started), dead (zset id→dead-at ms), deadjobs (hash id→JSON).
/// </remarks>
internal static class QueueScripts
{
    /// <summary>Stores a job and makes it due now. KEYS: jobs, due. ARGV: id, json, now.</summary>
    public const string Enqueue = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Returns expired leases to due (their holder died or stalled), then leases up to ARGV[2] due jobs, giving each a
    /// new token and counting the attempt. Returns {next due-or-expiry ms or -1, id, token, attempt, json, …}.
    /// KEYS: due, leased, jobs, tokens, attempts. ARGV: now, count, lease ms, token base.
    /// </summary>
    public const string Fetch = """
        local now = tonumber(ARGV[1])
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
        for _, id in ipairs(expired) do
          redis.call('ZREM', KEYS[2], id)
          redis.call('HDEL', KEYS[4], id)
          redis.call('ZADD', KEYS[1], now, id)
        end
        local result = { -1 }
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
        for i, id in ipairs(ids) do
          redis.call('ZREM', KEYS[1], id)
          local json = redis.call('HGET', KEYS[3], id)
          if json then
            local token = ARGV[4] .. ':' .. i
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), id)
            redis.call('HSET', KEYS[4], id, token)
            local attempt = redis.call('HINCRBY', KEYS[5], id, 1)
            result[#result + 1] = id
            result[#result + 1] = token
            result[#result + 1] = attempt
            result[#result + 1] = json
          else
            redis.call('HDEL', KEYS[5], id)
          end
        end
        local nextDue = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
        local nextExpiry = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
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

    /// <summary>Removes a finished job held with the current token. KEYS: leased, tokens, jobs, attempts. ARGV: id, token.</summary>
    public const string Ack = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        redis.call('HDEL', KEYS[4], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Puts a job held with the current token back as due at ARGV[4] with its updated JSON (last error). With
    /// ARGV[5] = '1' the attempt is not counted (a release on shutdown). KEYS: leased, tokens, jobs, due, attempts.
    /// ARGV: id, token, json, due ms, uncount.
    /// </summary>
    public const string Reschedule = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
        redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
        if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[5], ARGV[1], -1) end
        return 1
        """;

    /// <summary>
    /// Moves a job held with the current token to the dead letters with its JSON (error and attempts). KEYS: leased,
    /// tokens, jobs, attempts, dead, deadjobs. ARGV: id, token, json, dead-at ms.
    /// </summary>
    public const string Kill = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        redis.call('HDEL', KEYS[4], ARGV[1])
        redis.call('HSET', KEYS[6], ARGV[1], ARGV[3])
        redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Queues dead letters again with a fresh attempt count: ARGV[2] ids (or, when empty, up to ARGV[3] of the oldest).
    /// Returns how many. KEYS: dead, deadjobs, jobs, due, attempts. ARGV: now, id or '', batch size.
    /// </summary>
    public const string Replay = """
        local ids
        if ARGV[2] ~= '' then ids = { ARGV[2] } else ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1) end
        local count = 0
        for _, id in ipairs(ids) do
          local json = redis.call('HGET', KEYS[2], id)
          redis.call('ZREM', KEYS[1], id)
          if json then
            redis.call('HDEL', KEYS[2], id)
            redis.call('HSET', KEYS[3], id, json)
            redis.call('HDEL', KEYS[5], id)
            redis.call('ZADD', KEYS[4], ARGV[1], id)
            count = count + 1
          end
        end
        return count
        """;

    /// <summary>Deletes all dead letters; returns how many. KEYS: dead, deadjobs.</summary>
    public const string Purge = """
        local count = redis.call('ZCARD', KEYS[1])
        redis.call('DEL', KEYS[1], KEYS[2])
        return count
        """;
}

namespace Unotify.Core.History;

/// <summary>
/// The door's history writes as two scripts, one per Cluster slot (the delivery's own hash tag, and the shared
/// <c>{hist}</c> of the indexes): two commands per delivery instead of a dozen.
/// </summary>
internal static class HistoryScripts
{
    /// <summary>
    /// Writes what the door did. ARGV[1] 'queued' overwrites; 'duplicate' counts (creating a minimal record when the
    /// first one expired); anything else (rejected, ignored) is written only when no record exists. KEYS: record.
    /// ARGV: mode, provider, repo id, delivery id, ms, kind, reason, workers, retention ms, outcome.
    /// </summary>
    public const string Door = """
        local function fill(outcome, workers)
          redis.call('HSET', KEYS[1], 'provider', ARGV[2], 'repo_id', ARGV[3], 'delivery_id', ARGV[4], 'received_at', ARGV[5],
            'kind', ARGV[6], 'reason', ARGV[7], 'workers', workers, 'outcome', outcome)
        end
        if ARGV[1] == 'duplicate' then
          if redis.call('EXISTS', KEYS[1]) == 0 then fill('queued', '') end
          local count = (tonumber(redis.call('HGET', KEYS[1], 'duplicates')) or 0) + 1
          redis.call('HSET', KEYS[1], 'duplicates', tostring(count))
        elseif ARGV[1] == 'queued' then
          fill('queued', ARGV[8])
        elseif redis.call('EXISTS', KEYS[1]) == 0 then
          fill(ARGV[10], '')
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[9])
        return 1
        """;

    /// <summary>
    /// Lists a delivery (once) and indexes its id, then drops entries older than the retention and beyond the cap.
    /// KEYS: index, by-id. ARGV: delivery key, ms, retention ms, max entries.
    /// </summary>
    public const string Index = """
        redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
        redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tostring(tonumber(ARGV[2]) - tonumber(ARGV[3])))
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
        return 1
        """;
}

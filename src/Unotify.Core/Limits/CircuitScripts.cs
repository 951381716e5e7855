namespace Unotify.Core.Limits;

/// <summary>
/// The circuit breaker's Lua scripts, on one hash per worker (<c>circuit</c>, in the worker's hash tag): the state is
/// shared by every replica, and each change is one atomic step, so exactly one replica sees "opened" and "closed".
/// </summary>
/// <remarks>
/// Numbers are read with <c>tonumber</c> and written whole, never with HINCRBY: a field that is not a number (written
/// by hand, or by something else under Unotify's prefix) then counts as absent instead of failing every fetch.
/// Fields: state (<c>open</c> or <c>probing</c>; absent means closed), failures (outage results in a row while closed,
/// forgotten after a minute without one), cool (the current cool-down, ms), until (end of the cool-down or of the
/// probe's turn, ms), opened_at (ms), probes (probes tried since it opened), reason (the last outage's reason).
/// </remarks>
internal static class CircuitScripts
{
    /// <summary>How long a count of failures in a row is kept without a further failure.</summary>
    public const long FailureMemoryMilliseconds = 60_000;

    /// <summary>
    /// Whether this consumer may fetch. Returns {0, 0} closed (fetch freely), {1, wait ms} open (wait), {2, 0} this
    /// consumer probes (fetch one job; its turn lasts ARGV[2] ms, after which another replica may probe).
    /// KEYS: circuit. ARGV: now, probe turn ms.
    /// </summary>
    public const string Gate = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return { 0, 0 } end
        local now = tonumber(ARGV[1])
        local untilMs = (tonumber(redis.call('HGET', KEYS[1], 'until')) or 0)
        if now < untilMs then return { 1, untilMs - now } end
        local probes = (tonumber(redis.call('HGET', KEYS[1], 'probes')) or 0) + 1
        redis.call('HSET', KEYS[1], 'state', 'probing', 'until', tostring(now + tonumber(ARGV[2])), 'probes', tostring(probes))
        return { 2, 0 }
        """;

    /// <summary>
    /// Records an attempt's answer. ARGV[2] = 'ok' (the service answered): closes an open circuit → {3, open ms,
    /// probes}, else {0, 0}. ARGV[2] = 'outage': while closed counts it → {1, cool ms} when that opens the circuit, else
    /// {0, 0}; while probing (the probe failed) reopens with the cool-down doubled up to ARGV[5] → {2, cool ms}; while
    /// open → {4, 0}. KEYS: circuit. ARGV: now, 'ok' or 'outage', failures to open, cool-down ms, max cool-down ms, reason.
    /// </summary>
    public const string Record = """
        local now = tonumber(ARGV[1])
        local state = redis.call('HGET', KEYS[1], 'state')
        if ARGV[2] == 'ok' then
          if not state then
            redis.call('DEL', KEYS[1])
            return { 0, 0 }
          end
          local opened = (tonumber(redis.call('HGET', KEYS[1], 'opened_at')) or tonumber(ARGV[1]))
          local probes = (tonumber(redis.call('HGET', KEYS[1], 'probes')) or 0)
          redis.call('DEL', KEYS[1])
          return { 3, now - opened, probes }
        end
        if not state then
          local failures = (tonumber(redis.call('HGET', KEYS[1], 'failures')) or 0) + 1
          redis.call('HSET', KEYS[1], 'failures', tostring(failures), 'reason', ARGV[6])
          if failures < tonumber(ARGV[3]) then
            redis.call('PEXPIRE', KEYS[1], 60000)
            return { 0, 0 }
          end
          redis.call('PERSIST', KEYS[1])
          redis.call('HSET', KEYS[1], 'state', 'open', 'cool', ARGV[4], 'until', tostring(now + tonumber(ARGV[4])), 'opened_at', ARGV[1], 'probes', '0')
          return { 1, tonumber(ARGV[4]) }
        end
        redis.call('HSET', KEYS[1], 'reason', ARGV[6])
        if state == 'probing' then
          local cool = math.min((tonumber(redis.call('HGET', KEYS[1], 'cool')) or tonumber(ARGV[4])) * 2, tonumber(ARGV[5]))
          redis.call('HSET', KEYS[1], 'state', 'open', 'cool', tostring(cool), 'until', tostring(now + cool))
          return { 2, cool }
        end
        return { 4, 0 }
        """;
}

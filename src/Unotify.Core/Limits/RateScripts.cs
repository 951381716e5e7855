namespace Unotify.Core.Limits;

/// <summary>
/// The rate limit's token bucket, one hash per worker (<c>rate</c>: tokens, ts = last refill ms, paused = no request
/// before this ms), so every replica of the worker takes from the same bucket.
/// </summary>
internal static class RateScripts
{
    /// <summary>
    /// Takes one token. Returns {1, 0} when taken, {0, wait ms} when the bucket is empty or paused. The bucket starts
    /// full and refills at ARGV[2] tokens per ms up to ARGV[3]. KEYS: rate. ARGV: now, tokens per ms, burst.
    /// </summary>
    public const string Take = """
        local now = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local burst = tonumber(ARGV[3])
        local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'paused')
        local paused = (tonumber(v[3]) or 0)
        if now < paused then return { 0, paused - now } end
        local tokens = (tonumber(v[1]) or tonumber(ARGV[3]))
        local ts = (tonumber(v[2]) or tonumber(ARGV[1]))
        if now > ts then
          tokens = math.min(burst, tokens + (now - ts) * rate)
          ts = now
        end
        if tokens >= 1 then
          redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'ts', tostring(ts))
          redis.call('PEXPIRE', KEYS[1], 3600000)
          return { 1, 0 }
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
        redis.call('PEXPIRE', KEYS[1], 3600000)
        return { 0, math.ceil((1 - tokens) / rate) }
        """;

    /// <summary>No request before ARGV[1] ms (a 429's Retry-After), unless a later pause is already set. KEYS: rate. ARGV: until ms.</summary>
    public const string Pause = """
        local paused = (tonumber(redis.call('HGET', KEYS[1], 'paused')) or 0)
        if tonumber(ARGV[1]) > paused then redis.call('HSET', KEYS[1], 'paused', ARGV[1]) end
        redis.call('PEXPIRE', KEYS[1], 3600000)
        return 1
        """;
}

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
    /// Lists a delivery (once) and indexes its id, then drops up to <see cref="MostDroppedAtOnce"/> of the oldest entries
    /// that are older than the retention or beyond the cap, and returns them: the writer deletes their records, attempts
    /// and kept events (<see cref="RedisDeliveryHistory"/>), so the history holds no more deliveries than its list.
    /// Entries are read by rank, never by score with a limit (Garnet collects the whole score range first).
    /// The list is spread over buckets (<see cref="HistoryIndexLayout"/>); this keeps the delivery's own bucket to its share.
    /// KEYS: the delivery's bucket of the list, by-id. ARGV: delivery key, ms, retention ms, the bucket's most entries,
    /// most dropped at once.
    /// </summary>
    public const string Index = """
        redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
        redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[3])
        local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
        local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        if over <= 0 and (first[2] == nil or tonumber(first[2]) > cutoff) then return {} end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[5]) - 1, 'WITHSCORES')
        local dropped = {}
        for i = 1, #oldest, 2 do
          if #dropped >= over and tonumber(oldest[i + 1]) > cutoff then break end
          dropped[#dropped + 1] = oldest[i]
        end
        if #dropped > 0 then redis.call('ZREM', KEYS[1], unpack(dropped)) end
        return dropped
        """;

    /// <summary>
    /// A page of the list, newest first, merged from every bucket (<see cref="HistoryIndexLayout"/>): the first ARGV[4]
    /// entries with a score from ARGV[3] up to ARGV[1] that come after the cursor (a lower score, or the cursor's score
    /// and a lower member; ARGV[2] is the cursor's member, or empty for none), as member, score pairs. Each bucket gives
    /// ARGV[4] + 50 of its own, so up to 50 entries of the cursor's own millisecond that were already returned can be
    /// skipped. Members of one score come in descending byte order, as one sorted set lists them (compared byte by byte:
    /// Lua's string comparison follows the server's locale).
    /// KEYS: the buckets. ARGV: highest score or '+inf', cursor member or '', lowest score or '-inf', page size.
    /// </summary>
    public const string List = """
        local function less(a, b)
          for k = 1, math.min(#a, #b) do
            local x, y = string.byte(a, k), string.byte(b, k)
            if x ~= y then return x < y end
          end
          return #a < #b
        end
        local high, after, low, size = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
        local highScore = tonumber(high)
        local heads, positions = {}, {}
        for i = 1, #KEYS do
          local page = redis.call('ZREVRANGEBYSCORE', KEYS[i], high, low, 'WITHSCORES', 'LIMIT', 0, size + 50)
          local kept = {}
          for j = 1, #page, 2 do
            local score = tonumber(page[j + 1])
            if after == '' or score < highScore or less(page[j], after) then
              kept[#kept + 1] = {page[j], score, page[j + 1]}
            end
          end
          heads[i], positions[i] = kept, 1
        end
        local merged = {}
        while #merged < size * 2 do
          local best, bestEntry = nil, nil
          for i = 1, #heads do
            local entry = heads[i][positions[i]]
            if entry ~= nil and (bestEntry == nil or entry[2] > bestEntry[2] or (entry[2] == bestEntry[2] and less(bestEntry[1], entry[1]))) then
              best, bestEntry = i, entry
            end
          end
          if best == nil then break end
          positions[best] = positions[best] + 1
          merged[#merged + 1] = bestEntry[1]
          merged[#merged + 1] = bestEntry[3]
        end
        return merged
        """;

    /// <summary>
    /// The most entries one listing drops: one or two in a steady flow; more only after the cap was lowered or the
    /// history was idle past its retention, which the next deliveries then catch up on a hundred at a time.
    /// </summary>
    public const int MostDroppedAtOnce = 100;
}

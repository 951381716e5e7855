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
    /// and a lower member; ARGV[2] is the cursor's member, or empty for none), as member, score pairs. Each bucket is read
    /// a few entries at a time, about its share of the page, and read further only when the merge has used them up, so a
    /// page reads little more than it returns (reading a page's worth from every bucket cost Redis's thread several times
    /// more: bench/README.md, "What a page of the list costs"). Members of one score come in descending byte order, as
    /// one sorted set lists them (compared byte by byte: Lua's string comparison follows the server's locale). Offsets
    /// are whole numbers on purpose: Garnet's Lua 5.4 would pass 2 / 1 as "2.0", which Garnet refuses as a LIMIT.
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
        local chunk = math.floor(size / #KEYS) + 4
        local buckets = {}
        local function refill(bucket)
          while not bucket.done and bucket.next > #bucket.entries do
            local page = redis.call('ZREVRANGEBYSCORE', bucket.key, high, low, 'WITHSCORES', 'LIMIT', bucket.offset, chunk)
            local read = math.floor(#page / 2)
            bucket.offset = bucket.offset + read
            if read < chunk then bucket.done = true end
            for j = 1, #page, 2 do
              local score = tonumber(page[j + 1])
              if after == '' or score < highScore or less(page[j], after) then
                bucket.entries[#bucket.entries + 1] = {page[j], score, page[j + 1]}
              end
            end
          end
          return bucket.entries[bucket.next]
        end
        local function before(a, b)
          return a[2] > b[2] or (a[2] == b[2] and less(b[1], a[1]))
        end
        -- A binary heap of the buckets' next entries, the newest on top.
        local heap = {}
        local function up(n)
          while n > 1 and before(heap[n].head, heap[math.floor(n / 2)].head) do
            local parent = math.floor(n / 2)
            heap[n], heap[parent] = heap[parent], heap[n]
            n = parent
          end
        end
        local function down(n)
          while true do
            local top, left, right = n, n * 2, n * 2 + 1
            if left <= #heap and before(heap[left].head, heap[top].head) then top = left end
            if right <= #heap and before(heap[right].head, heap[top].head) then top = right end
            if top == n then return end
            heap[n], heap[top] = heap[top], heap[n]
            n = top
          end
        end
        for i = 1, #KEYS do
          local bucket = {key = KEYS[i], entries = {}, next = 1, offset = 0, done = false}
          bucket.head = refill(bucket)
          if bucket.head ~= nil then
            heap[#heap + 1] = bucket
            up(#heap)
          end
        end
        local merged = {}
        while #merged < size * 2 and #heap > 0 do
          local bucket = heap[1]
          merged[#merged + 1] = bucket.head[1]
          merged[#merged + 1] = bucket.head[3]
          bucket.next = bucket.next + 1
          bucket.head = refill(bucket)
          if bucket.head == nil then
            heap[1] = heap[#heap]
            heap[#heap] = nil
          end
          if #heap > 0 then down(1) end
        end
        return merged
        """;

    /// <summary>
    /// The most entries one listing drops: one or two in a steady flow; more only after the cap was lowered or the
    /// history was idle past its retention, which the next deliveries then catch up on a hundred at a time.
    /// </summary>
    public const int MostDroppedAtOnce = 100;
}

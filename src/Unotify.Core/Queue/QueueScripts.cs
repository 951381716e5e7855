namespace Unotify.Core.Queue;

/// <summary>
/// The queue's Lua scripts: every write to a worker's jobs is one of these, run by <see cref="RedisWorkerQueue"/>. Each touches only the keys of one worker
/// (one hash tag, one Cluster slot) and runs atomically, so no other client ever sees a job in two states or in none.
/// </summary>
/// <remarks>
/// <para>
/// Keys used throughout: seen:DELIVERY (string, the de-duplication mark: the id of the delivery's job, or
/// <c>settled</c> once it was processed), due (zset id→due ms) and due:0 … due:15 (the same, for the jobs made due
/// while <c>due</c> holds <see cref="Storage.WorkerKeys.DueFirstSetMost"/>; see <see cref="DueFunctions"/>), leased
/// (zset id→lease expiry ms), job:ID (string, the stored job), tokens (hash id→lease token), attempt:ID (string, the
/// attempts started on job ID, from its first fetch until it is settled; attempts, the hash id→attempts of earlier
/// releases, is read by the fetch that moves a count out of it), dead:0 … dead:15 (zset id→dead-at ms; dead, the one
/// set of earlier releases, is read too), deadjob:ID (string, the dead job), part:ID:N (string, part N of job ID's
/// payload when it is stored in parts; see <see cref="JobJson"/>), outbox (hash follow-up id→stored follow-up job for a
/// worker that follows this one). A script that picks its ids itself (fetch, replay, purge) builds the per-job keys from
/// a prefix argument; they carry the worker's hash tag, so they live in the same Cluster slot as the keys in KEYS.
/// </para>
/// <para>
/// <b>Every prefix of a script is a safe state.</b> Atomic execution is not atomic persistence: the embedded Garnet
/// logs a script's writes to its append-only file one by one, with no transaction around them, so a crash can persist
/// the first writes of a script and lose the rest. Each script therefore writes in an order whose every prefix loses
/// nothing: a job is added to its new place before it is removed from its old one (a crash leaves it in both, and the
/// lease or the next fetch sorts it out, at worst running it once more), and the de-duplication mark only counts while
/// its job exists or was settled. CrashPointTests cut every script after each of its writes and check this.
/// </para>
/// <para>
/// Sorted sets are read by rank (<c>ZRANGE 0 k WITHSCORES</c>, then stop at the first score after now), never with
/// <c>ZRANGEBYSCORE … LIMIT</c>: Garnet collects every member in the score range before applying the limit, so under a
/// backlog each call costs time in proportion to the whole queue.
/// </para>
/// </remarks>
internal static class QueueScripts
{
    /// <summary>The value of a de-duplication mark once its delivery's job was acknowledged.</summary>
    public const string SettledMark = "settled";

    /// <summary>
    /// Queues a delivery's job unless the worker has it already. Returns 0 for a duplicate, 2 when the job is the only
    /// one due now (idle consumers must be woken), 1 when others were due already (the consumers are busy or already
    /// woken, and fetch this one with them). KEYS: seen, job, the first due set, the job's overflow due set, staged (last,
    /// as <see cref="Staged"/> needs). ARGV: mark window ms, job id, stored job (or '' when it was staged), now, job key
    /// prefix, dead job key prefix, how many parts its payload is in, the job's staged part key prefix, the job's part key
    /// prefix.
    /// </summary>
    /// <remarks>
    /// A mark counts only while it is <see cref="SettledMark"/> or its job is queued, leased or dead: the mark is written
    /// first, so a crash right after it leaves a mark without a job, which the sender's redelivery must not find a
    /// duplicate. The due entry comes before the job; a due id without a job is dropped by the next fetch. A staged job
    /// (see <see cref="Staged"/>) loses its expiry first and is renamed into place last, so a crash in between leaves
    /// at worst the staged copy behind, never a queued job that expires. A payload's parts are staged the same way and
    /// renamed into place (then lose their expiry) after the due entry and before the job is written: a crash in
    /// between leaves a due id without a job, whose parts the fetch that drops it deletes. A duplicate deletes only its
    /// own staged parts, so a relay repeated with the same job id never touches the queued job's. The answer reads the
    /// first due set only: it holds every due job until a backlog of <see cref="Storage.WorkerKeys.DueFirstSetMost"/>,
    /// and past that its first is due unless all of it waits for a retry (the consumers are then woken once more than
    /// needed). A new job id is in no due set, so the job goes to the first set while it has room without looking.
    /// </remarks>
    public const string Route = PartFunctions + DueFunctions + """
        local parts = tonumber(ARGV[7])
        local mark = redis.call('GET', KEYS[1])
        if mark and (mark == 'settled' or redis.call('EXISTS', ARGV[5] .. mark) == 1 or redis.call('EXISTS', ARGV[6] .. mark) == 1) then
          if ARGV[3] == '' then redis.call('DEL', KEYS[5]) end
          drop_parts(ARGV[8], parts)
          return 0
        end
        if ARGV[3] == '' and redis.call('EXISTS', KEYS[5]) == 0 then return error('unotify: the staged job ' .. ARGV[2] .. ' is missing') end
        check_parts(ARGV[8], parts, ARGV[2])
        local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
        local due = KEYS[3]
        if redis.call('ZCARD', due) >= DUE_SPILL then due = KEYS[4] end
        if ARGV[3] == '' then redis.call('PERSIST', KEYS[5]) end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
        redis.call('ZADD', due, ARGV[4], ARGV[2])
        move_parts(ARGV[8], ARGV[9], parts)
        if ARGV[3] == '' then redis.call('RENAME', KEYS[5], KEYS[2]) else redis.call('SET', KEYS[2], ARGV[3]) end
        if first[2] and tonumber(first[2]) <= tonumber(ARGV[4]) then return 1 end
        return 2
        """;

    /// <summary>
    /// Queues a delivery's job again although the worker has seen it (a replay): the mark now names the new job. Same
    /// order of writes as <see cref="Route"/>, so every prefix is safe, and the same choice of due set. KEYS: seen, job,
    /// the first due set, the job's overflow due set, staged. ARGV: mark window ms, job id, stored job (or '' when it was
    /// staged), now, how many parts its payload is in, the job's staged part key prefix, the job's part key prefix.
    /// </summary>
    public const string Requeue = PartFunctions + DueFunctions + """
        local parts = tonumber(ARGV[5])
        if ARGV[3] == '' and redis.call('EXISTS', KEYS[5]) == 0 then return error('unotify: the staged job ' .. ARGV[2] .. ' is missing') end
        check_parts(ARGV[6], parts, ARGV[2])
        local due = KEYS[3]
        if redis.call('ZCARD', due) >= DUE_SPILL then due = KEYS[4] end
        if ARGV[3] == '' then redis.call('PERSIST', KEYS[5]) end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
        redis.call('ZADD', due, ARGV[4], ARGV[2])
        move_parts(ARGV[6], ARGV[7], parts)
        if ARGV[3] == '' then redis.call('RENAME', KEYS[5], KEYS[2]) else redis.call('SET', KEYS[2], ARGV[3]) end
        return 1
        """;

    /// <summary>
    /// A stored job larger than this never passes through a script: Lua copies every argument and every value it reads,
    /// which made a 42 MB job cost about 90 ms of redis-server's one command thread and a second of the embedded Garnet's
    /// CPU (bench/README.md). Such a job is written beside the script with a plain <c>SET</c> under a staging key that
    /// expires (<see cref="Storage.WorkerKeys.Staged"/>), and the script renames it into place; a fetch returns its size
    /// instead of its bytes and the queue reads it with a plain <c>MGET</c>.
    /// </summary>
    public const int Staged = 256 * 1024;

    /// <summary>
    /// Returns expired leases to their due sets (their holder died or stalled), then leases up to ARGV[2] due jobs,
    /// earliest due first across the due sets, giving each a new token and counting the attempt. Returns {next
    /// due-or-expiry ms or -1, follow-ups waiting in the outbox, id, token, attempt, stored job (or, for a job over ARGV[6]
    /// bytes, its size), …}. A due id whose job is missing (a route or a settle cut short by a crash) is dropped, and so
    /// are its payload's parts unless it is a dead letter. KEYS: the first due set, leased, tokens, attempts of earlier
    /// releases, outbox, then the 16 overflow due sets. ARGV: now, count, lease ms, token base, job key prefix, largest job
    /// returned inline, dead job key prefix, part key prefix, attempt key prefix.
    /// </summary>
    /// <remarks>
    /// A merge: each due set is read a few entries at a time (about its share of ARGV[2], and again when a fetch takes
    /// that many from it), and the earliest head of all the sets is taken until ARGV[2] are taken or none is due. The
    /// earliest head left is the next due time. A taken entry is removed from its set at once, so the rank of the next
    /// read of that set goes back by one. The overflow sets are read only when one of them exists (one <c>EXISTS</c>):
    /// a queue that keeps up has them all empty, and reading 16 empty sets doubled the cost of its fetches
    /// (bench/README.md). Each job counts its attempts in a key of its own, not a field of one hash: a hash that holds
    /// every job tried and not yet settled grows with a backlog that is retried (an outage with the circuit off), and one
    /// object of 30,000 fields stopped the embedded Garnet's checkpoints (bench/README.md). A count that an earlier
    /// release kept in the hash is moved to the job's key by the job's next fetch (a crash between the two writes counts
    /// that attempt once less).
    /// </remarks>
    public const string Fetch = PartFunctions + DueFunctions + """
        local now = tonumber(ARGV[1])
        local count = tonumber(ARGV[2])
        local expired = redis.call('ZRANGE', KEYS[2], 0, 999, 'WITHSCORES')
        for i = 1, #expired, 2 do
          if tonumber(expired[i + 1]) > now then break end
          local id = expired[i]
          redis.call('ZADD', due_in(KEYS[1], KEYS[6 + due_bucket(id)], id), now, id)
          redis.call('HDEL', KEYS[3], id)
          redis.call('ZREM', KEYS[2], id)
        end
        local earlier_counts = redis.call('EXISTS', KEYS[4]) == 1
        local function next_attempt(key, id)
          local counted = earlier_counts and redis.call('HGET', KEYS[4], id)
          if not counted then return redis.call('INCR', key) end
          local attempt = tonumber(counted) + 1
          redis.call('SET', key, attempt)
          redis.call('HDEL', KEYS[4], id)
          return attempt
        end
        local result = { -1, redis.call('HLEN', KEYS[5]) }
        local sets, entries, pos, rank, ended = { KEYS[1] }, {}, {}, {}, {}
        if redis.call('EXISTS', unpack(KEYS, 6, 5 + DUE_OVERFLOW_SETS)) > 0 then
          for s = 6, 5 + DUE_OVERFLOW_SETS do sets[#sets + 1] = KEYS[s] end
        end
        local chunk = math.floor(count / #sets) + 2
        for s = 1, #sets do entries[s], pos[s], rank[s], ended[s] = {}, 1, 0, false end
        local function head(s)
          if pos[s] > #entries[s] then
            if ended[s] then return nil end
            entries[s] = redis.call('ZRANGE', sets[s], rank[s], rank[s] + chunk - 1, 'WITHSCORES')
            pos[s] = 1
            rank[s] = rank[s] + math.floor(#entries[s] / 2)
            if #entries[s] < 2 * chunk then ended[s] = true end
            if #entries[s] == 0 then return nil end
          end
          return tonumber(entries[s][pos[s] + 1])
        end
        local next = -1
        local n = 0
        while true do
          local best, earliest = nil, nil
          for s = 1, #sets do
            local score = head(s)
            if score and (not earliest or score < earliest) then best, earliest = s, score end
          end
          if not best then break end
          if earliest > now or n >= count then
            next = earliest
            break
          end
          n = n + 1
          local id = entries[best][pos[best]]
          pos[best] = pos[best] + 2
          rank[best] = rank[best] - 1
          local size = redis.call('STRLEN', ARGV[5] .. id)
          if size > 0 then
            local token = ARGV[4] .. ':' .. n
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), id)
            redis.call('HSET', KEYS[3], id, token)
            local attempt = next_attempt(ARGV[9] .. id, id)
            redis.call('ZREM', sets[best], id)
            result[#result + 1] = id
            result[#result + 1] = token
            result[#result + 1] = attempt
            if size > tonumber(ARGV[6]) then result[#result + 1] = size else result[#result + 1] = redis.call('GET', ARGV[5] .. id) end
          else
            redis.call('ZREM', sets[best], id)
            redis.call('DEL', ARGV[9] .. id)
            redis.call('HDEL', KEYS[4], id)
            if redis.call('EXISTS', ARGV[7] .. id) == 0 then drop_unknown_parts(ARGV[8] .. id .. ':') end
          end
        end
        local nextExpiry = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
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

    /// <summary>
    /// Removes a finished job held with the current token and settles its delivery's mark, so a redelivery stays a
    /// duplicate once the job is gone; writes the follow-up jobs of the workers that follow this one into the outbox
    /// first, so no prefix of the script loses the job and its follow-ups both. The payload's parts go after the job,
    /// while its id is still leased: a crash in between leaves a lease whose job is missing, which the fetch after it
    /// runs out drops with the parts left. A follow-up whose payload is in parts has them staged beside the script under
    /// its own id and moved into place before its entry is written (a crash in between leaves parts that nothing names,
    /// never an entry without them). KEYS: leased, tokens, job, the job's attempt count, seen, outbox. ARGV: id, token,
    /// part key prefix, staged key prefix, then follow-up id and stored follow-up job, pair by pair.
    /// </summary>
    public const string Ack = PartFunctions + """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        add_follow_ups(KEYS[6], ARGV[4], ARGV[3], 5)
        redis.call('SET', KEYS[5], 'settled', 'XX', 'KEEPTTL')
        local parts = parts_of(KEYS[3])
        redis.call('DEL', KEYS[3])
        drop_parts(ARGV[3] .. ARGV[1] .. ':', parts)
        redis.call('DEL', KEYS[4])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Puts a job held with the current token back as due at ARGV[4] with its updated stored form (last error). With
    /// ARGV[5] = 'given-back' the attempt is given back (a release on shutdown). KEYS: leased, tokens, job, the first due
    /// set, the job's attempt count, the job's overflow due set, staged. ARGV: id, token, stored job (or '' when it was
    /// staged), due ms, 'counted' or 'given-back'.
    /// </summary>
    public const string Reschedule = DueFunctions + """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
          if ARGV[3] == '' then redis.call('DEL', KEYS[7]) end
          return 0
        end
        if ARGV[3] == '' then
          if redis.call('EXISTS', KEYS[7]) == 0 then return error('unotify: the staged job ' .. ARGV[1] .. ' is missing') end
          redis.call('PERSIST', KEYS[7])
          redis.call('RENAME', KEYS[7], KEYS[3])
        else
          redis.call('SET', KEYS[3], ARGV[3])
        end
        redis.call('ZADD', due_in(KEYS[4], KEYS[6], ARGV[1]), ARGV[4], ARGV[1])
        if ARGV[5] == 'given-back' then redis.call('DECR', KEYS[5]) end
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Moves a job held with the current token to the dead letters with its stored form (error and attempts), writing
    /// the follow-up jobs of the workers that follow this one into the outbox first (as <see cref="Ack"/>). KEYS: leased,
    /// tokens, job, the job's attempt count, dead, dead job, outbox, staged. ARGV: id, token, stored job (or '' when it
    /// was staged), dead-at ms, part key prefix, staged key prefix, then follow-up id and stored follow-up job, pair by
    /// pair.
    /// </summary>
    public const string DeadLetter = PartFunctions + """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
          if ARGV[3] == '' then redis.call('DEL', KEYS[8]) end
          return 0
        end
        if ARGV[3] == '' and redis.call('EXISTS', KEYS[8]) == 0 then return error('unotify: the staged job ' .. ARGV[1] .. ' is missing') end
        add_follow_ups(KEYS[7], ARGV[6], ARGV[5], 7)
        if ARGV[3] == '' then
          redis.call('PERSIST', KEYS[8])
          redis.call('RENAME', KEYS[8], KEYS[6])
        else
          redis.call('SET', KEYS[6], ARGV[3])
        end
        redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
        redis.call('DEL', KEYS[3])
        redis.call('DEL', KEYS[4])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Queues dead letters again with a fresh attempt count: ARGV[2] ids (or, when empty, up to ARGV[3] of the oldest).
    /// Returns how many. KEYS: a dead set, the dead set of earlier releases (an id is taken out of both), the first due
    /// set, then the 16 overflow due sets. ARGV: now, id or '', batch size, job key prefix, dead job key prefix, attempt
    /// key prefix.
    /// </summary>
    public const string Replay = DueFunctions + """
        local ids
        if ARGV[2] ~= '' then ids = { ARGV[2] } else ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1) end
        local count = 0
        for _, id in ipairs(ids) do
          local stored = redis.call('GET', ARGV[5] .. id)
          if stored then
            redis.call('SET', ARGV[4] .. id, stored)
            redis.call('DEL', ARGV[6] .. id)
            redis.call('ZADD', due_in(KEYS[3], KEYS[4 + due_bucket(id)], id), ARGV[1], id)
            redis.call('DEL', ARGV[5] .. id)
            count = count + 1
          end
          redis.call('ZREM', KEYS[1], id)
          redis.call('ZREM', KEYS[2], id)
        end
        return count
        """;

    /// <summary>
    /// Deletes up to ARGV[2] dead letters with their payloads' parts, oldest first; returns how many. A dead letter
    /// whose dead job is already gone (a purge cut short) has what is left of its parts deleted. KEYS: a dead set. ARGV:
    /// dead job key prefix, batch size, part key prefix.
    /// </summary>
    public const string Purge = PartFunctions + """
        local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        for _, id in ipairs(ids) do
          local parts = parts_of(ARGV[1] .. id)
          if redis.call('DEL', ARGV[1] .. id) == 1 then
            drop_parts(ARGV[3] .. id .. ':', parts)
          else
            drop_unknown_parts(ARGV[3] .. id .. ':')
          end
          redis.call('ZREM', KEYS[1], id)
        end
        return #ids
        """;

    /// <summary>
    /// Raises the record of how many partitions a worker's queue was routed over to ARGV[1] when it is lower (absent
    /// counts as 1), never lowers it, and returns the record. A record that is not a whole number is left as it is and
    /// returned, for the caller to report. KEYS: partitions used. ARGV: the configured partitions.
    /// </summary>
    public const string RecordPartitions = """
        local recorded = redis.call('GET', KEYS[1])
        if recorded and not string.match(recorded, '^%d+$') then return recorded end
        local current = tonumber(recorded or '1')
        local wanted = tonumber(ARGV[1])
        if wanted > current then
          redis.call('SET', KEYS[1], ARGV[1])
          return ARGV[1]
        end
        return tostring(current)
        """;

    /// <summary>
    /// Where a job is made due: the first due set while it holds fewer than <c>DUE_SPILL</c>
    /// (<see cref="Storage.WorkerKeys.DueFirstSetMost"/>) ids, else the job's overflow set, one of
    /// <c>DUE_OVERFLOW_SETS</c> picked by <c>due_bucket(id)</c> (0-based), the Lua twin of
    /// <see cref="Storage.WorkerKeys.DueOverflowBucketOf"/>. <c>due_in(first, overflow, id)</c> picks for a job that may
    /// already be due (a crash can leave a leased id in a due set too): where it is, so that it is never due twice.
    /// </summary>
    /// <remarks>
    /// The bucket's arithmetic stays below 2^53 (31 · 1,000,003 + 255), so redis-server's Lua doubles and Garnet's Lua
    /// 5.4 integers agree; a test holds it to the C# one.
    /// </remarks>
    internal const string DueFunctions = """
        local DUE_SPILL = 1000
        local DUE_OVERFLOW_SETS = 16
        local function due_bucket(id)
          local h = 0
          for i = 1, #id do h = (h * 31 + string.byte(id, i)) % 1000003 end
          return h % DUE_OVERFLOW_SETS
        end
        local function due_in(first, overflow, id)
          if redis.call('ZSCORE', overflow, id) then return overflow end
          if redis.call('ZSCORE', first, id) or redis.call('ZCARD', first) < DUE_SPILL then return first end
          return overflow
        end

        """;

    /// <summary>
    /// Lua functions the scripts that store or delete a payload's parts share. A job's parts are numbered from 1 under
    /// its part key prefix; they are deleted last to first, so that a deletion cut short leaves a run from 1 that
    /// <c>drop_unknown_parts</c> finds.
    /// </summary>
    private const string PartFunctions = """
        local function parts_in(stored)
          return tonumber(string.match(stored, '^unotify%-job/3 parts=(%d+) ')) or 0
        end
        local function parts_of(key)
          return parts_in(redis.call('GETRANGE', key, 0, 63))
        end
        local function drop_parts(prefix, count)
          for i = count, 1, -1 do redis.call('DEL', prefix .. i) end
        end
        local function drop_unknown_parts(prefix)
          local i = 1
          while redis.call('DEL', prefix .. i) == 1 do i = i + 1 end
        end
        local function check_parts(prefix, count, id)
          for i = 1, count do
            if redis.call('EXISTS', prefix .. i) == 0 then return error('unotify: part ' .. i .. ' of job ' .. id .. ' is missing') end
          end
        end
        local function move_parts(staged, prefix, count)
          for i = 1, count do
            redis.call('RENAME', staged .. i, prefix .. i)
            redis.call('PERSIST', prefix .. i)
          end
        end
        local function add_follow_ups(outbox, staged, prefix, first)
          for i = first, #ARGV, 2 do check_parts(staged .. ARGV[i] .. ':', parts_in(ARGV[i + 1]), ARGV[i]) end
          for i = first, #ARGV, 2 do
            move_parts(staged .. ARGV[i] .. ':', prefix .. ARGV[i] .. ':', parts_in(ARGV[i + 1]))
            redis.call('HSET', outbox, ARGV[i], ARGV[i + 1])
          end
        end

        """;
}

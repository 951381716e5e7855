using Unotify.Core.Queue;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>Stored jobs that are not jobs, written straight into a worker's keys as a buggy writer or a bad reply would leave them.</summary>
internal static class CorruptJobs
{
    /// <summary>A real job cut off inside its metadata line: the header is right, the rest is missing.</summary>
    public static byte[] Truncated() =>
        JobJson.Serialize(new Job("cut", "atlassian", SomeEvents.PullRequestMerged("cut"), 1, DateTimeOffset.UnixEpoch, null))[..40];

    /// <summary>Stores <paramref name="stored"/> as job <paramref name="id"/> of <paramref name="queue"/>, due at the start of time so the next fetch takes it first.</summary>
    public static async Task QueueAsync(RedisWorkerQueue queue, string id, byte[] stored)
    {
        await queue.Store.Database.StringSetAsync(queue.Keys.Job(id), stored);
        await queue.Store.Database.SortedSetAddAsync(queue.Keys.Due, id, 0);
    }
}

using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// Which partition of a worker's queue a delivery goes to (<see cref="QueueOptions.Partitions"/>): the FNV-1a hash of
/// its delivery key, so every replica, every version and every retry of the sender picks the same one, and its
/// de-duplication mark and its job always share a hash slot.
/// </summary>
internal static class QueuePartition
{
    /// <summary>The partition of <paramref name="webhookEvent"/> among <paramref name="partitions"/>.</summary>
    public static int Of(WebhookEvent webhookEvent, int partitions)
    {
        if (partitions == 1)
        {
            return 0;
        }

        var key = KeySpace.DeliveryKey(webhookEvent.Provider, webhookEvent.RepoId, webhookEvent.DeliveryId);
        var hash = 2166136261u;
        foreach (var character in key)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }
}

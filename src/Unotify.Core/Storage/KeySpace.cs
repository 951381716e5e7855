namespace Unotify.Core.Storage;

/// <summary>
/// The Redis key names. Every key of one worker shares the hash tag <c>{w:worker}</c>, so each worker's Lua scripts
/// touch a single Cluster slot; the hub's own keys share <c>{hub}</c>.
/// </summary>
internal sealed class KeySpace(string prefix)
{
    public string Prefix { get; } = prefix;

    public string Hooks => $"{Prefix}:{{hooks}}:all";

    /// <summary>Pub/sub channel announcing a changed hook (the message is its field, <c>provider:repoId</c>), so caches drop it.</summary>
    public string HooksChanged => $"{Prefix}:{{hooks}}:changed";

    public WorkerKeys Worker(string worker) => new($"{Prefix}:{{w:{worker}}}");

    /// <summary>The hub's record of a delivery no worker took, so that a repeat is still reported as a duplicate.</summary>
    public string HubSeen(string provider, string repoId, string deliveryId) => $"{Prefix}:{{hub}}:seen:{DeliveryKey(provider, repoId, deliveryId)}";

    /// <summary>
    /// Provider names contain no ':'; the repo id's length makes the split between repo and delivery id unambiguous even
    /// when they contain ':'.
    /// </summary>
    public static string DeliveryKey(string provider, string repoId, string deliveryId) =>
        $"{provider}:{repoId.Length}:{repoId}:{deliveryId}";
}

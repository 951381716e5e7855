namespace Unotify.EndToEnd.Tests.Support;

/// <summary>Which store the host under test uses.</summary>
public enum Backend
{
    /// <summary>The real redis-server that ./test.sh starts (UNOTIFY_TEST_REDIS).</summary>
    Redis,

    /// <summary>The host's embedded Garnet server, as `dotnet run` on a fresh machine uses it.</summary>
    EmbeddedGarnet,

    /// <summary>The real three-node Redis Cluster that ./test.sh starts (UNOTIFY_TEST_REDIS_CLUSTER).</summary>
    RedisCluster,
}

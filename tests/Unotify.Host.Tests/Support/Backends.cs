using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Support;

/// <summary>The servers the HTTP tests run against: the real redis-server and Redis Cluster from ./test.sh, and an embedded Garnet.</summary>
public static class Backends
{
    public static TheoryData<string> All => new() { "redis", "garnet", "redis-cluster" };

    public static IStoreBackend Get(string name) => name switch
    {
        "redis" => new RedisServerBackend(),
        "garnet" => new GarnetBackend(),
        "redis-cluster" => new RedisClusterBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "redis, garnet or redis-cluster"),
    };
}

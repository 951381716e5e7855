using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Support;

/// <summary>The servers the HTTP tests run against: the real redis-server from ./test.sh and an embedded Garnet.</summary>
public static class Backends
{
    public static TheoryData<string> Both => new() { "redis", "garnet" };

    public static IStoreBackend Get(string name) => name switch
    {
        "redis" => new RedisServerBackend(),
        "garnet" => new GarnetBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "redis or garnet"),
    };
}

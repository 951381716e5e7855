namespace Unotify.Testing.Redis;

/// <summary>A Redis-compatible server the tests run against: the real redis-server, or an embedded Garnet.</summary>
public interface IStoreBackend
{
    /// <summary>A short name for messages (<c>redis</c>, <c>garnet</c>).</summary>
    string Name { get; }

    /// <summary>A StackExchange.Redis connection string for the server.</summary>
    string ConnectionString { get; }
}

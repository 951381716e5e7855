namespace Unotify.Testing.Redis;

/// <summary>The real three-node Redis Cluster that <c>./test.sh</c> starts and names in <c>UNOTIFY_TEST_REDIS_CLUSTER</c>.</summary>
/// <remarks>Without that variable every test using it fails (never skips), saying how to run the suite.</remarks>
public sealed class RedisClusterBackend : IStoreBackend
{
    /// <summary>The environment variable naming the cluster's nodes.</summary>
    public const string Variable = "UNOTIFY_TEST_REDIS_CLUSTER";

    /// <summary>Reads <see cref="Variable"/>.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public RedisClusterBackend()
    {
        var endpoints = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(endpoints))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so there is no Redis Cluster to test against: run ./test.sh, which starts one "
                + $"(three redis-server --cluster-enabled yes nodes joined with redis-cli --cluster create; export {Variable}=host:port,host:port,host:port).");
        }

        ConnectionString = endpoints;
    }

    /// <inheritdoc />
    public string Name => "redis-cluster";

    /// <inheritdoc />
    public string ConnectionString { get; }
}

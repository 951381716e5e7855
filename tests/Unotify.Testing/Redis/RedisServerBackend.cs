namespace Unotify.Testing.Redis;

/// <summary>The real redis-server that <c>./test.sh</c> starts and names in <c>UNOTIFY_TEST_REDIS</c>.</summary>
/// <remarks>Without that variable every test using it fails (never skips), saying how to run the suite.</remarks>
public sealed class RedisServerBackend : IStoreBackend
{
    /// <summary>The environment variable naming the server.</summary>
    public const string Variable = "UNOTIFY_TEST_REDIS";

    /// <summary>Reads <see cref="Variable"/>.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public RedisServerBackend()
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so there is no redis-server to test against: run ./test.sh, which starts redis-server "
                + $"(or start one yourself, e.g. `redis-server --port 6391 --save '' --daemonize yes`, and export {Variable}=127.0.0.1:6391).");
        }

        ConnectionString = endpoint;
    }

    /// <inheritdoc />
    public string Name => "redis";

    /// <inheritdoc />
    public string ConnectionString { get; }
}

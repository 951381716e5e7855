using Unotify.Core.Storage;

namespace Unotify.Testing.Redis;

/// <summary>
/// An embedded Garnet server of one test's own, in a temporary directory deleted with it. For tests that list keys
/// with SCAN: Garnet's SCAN walks the whole log, so on the shared server (<see cref="GarnetBackend"/>) it slows with
/// everything every other test wrote. (FLUSHALL would do between tests, but Garnet 2.2.12 answered none after a test
/// that wrote 1 MB values.)
/// </summary>
public sealed class PrivateGarnetBackend : IStoreBackend, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EmbeddedGarnetServer _server;

    /// <summary>Starts the server in a temporary directory.</summary>
    public PrivateGarnetBackend() => _server = EmbeddedGarnetServer.Start(_directory.Path);

    /// <inheritdoc />
    public string Name => "garnet";

    /// <inheritdoc />
    public string ConnectionString => _server.ConnectionString;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }
}

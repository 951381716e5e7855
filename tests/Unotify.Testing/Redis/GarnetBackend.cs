using Unotify.Core.Storage;

namespace Unotify.Testing.Redis;

/// <summary>
/// An embedded Garnet server in a temporary directory, started once per test process and shared by every test class
/// (each test uses its own key prefix), because one Garnet reserves a sizeable index.
/// </summary>
public sealed class GarnetBackend : IStoreBackend
{
    private static readonly Lazy<EmbeddedGarnetServer> Shared = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <inheritdoc />
    public string Name => "garnet";

    /// <inheritdoc />
    public string ConnectionString => Shared.Value.ConnectionString;

    private static EmbeddedGarnetServer StartShared()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"unotify-garnet-{Guid.NewGuid():N}");
        var server = EmbeddedGarnetServer.Start(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(directory, recursive: true);
        };
        return server;
    }
}

using System.Net.Http.Headers;
using Unotify.Core.Queue;
using Unotify.Host.Hosting;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Support;

/// <summary>
/// A real Unotify host on Kestrel at 127.0.0.1 on a free port, against a real Redis or Garnet with a key prefix of its
/// own, with a workers.yaml written into a temporary folder. Dispose to stop it and delete the folder.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly string _recordDirectory;

    private TestHost(UnotifyHost host, TemporaryDirectory directory, string recordDirectory, string? adminToken)
    {
        Host = host;
        _directory = directory;
        _recordDirectory = recordDirectory;
        RecordedFile = Path.Combine(recordDirectory, "recorded.jsonl");
        Client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (adminToken is not null)
        {
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        }
    }

    public UnotifyHost Host { get; }

    /// <summary>A client for the host, sending the admin token when one is configured.</summary>
    public HttpClient Client { get; }

    public string Directory => _directory.Path;

    /// <summary>The file the recording processor appends to.</summary>
    public string RecordedFile { get; }

    public static async Task<TestHost> StartAsync(IStoreBackend backend, TestHostOptions? options = null)
    {
        options ??= new TestHostOptions();
        var directory = new TemporaryDirectory();
        var workers = Path.Combine(directory.Path, "workers.yaml");
        await File.WriteAllTextAsync(workers, Expand(options.WorkersYaml, options.RecordDirectory ?? directory.Path));
        var args = new List<string>
        {
            "--urls", options.Urls,
            "--redis", options.RedisOverride ?? backend.ConnectionString,
            "--key-prefix", options.KeyPrefix ?? TestStores.UniquePrefix(),
            "--secret-key", TestStores.SecretKey,
            "--workers", workers,
            "--store-timeout", "2s",
            "--log-level", "Warning",
        };
        if (options.AdminToken is not null)
        {
            args.AddRange(["--admin-token", options.AdminToken]);
        }

        args.AddRange(options.ExtraArguments);

        try
        {
            var host = await UnotifyHost.CreateAsync(options.Role, [.. args], environment: _ => null, configureTracing: options.ConfigureTracing);
            await host.StartAsync();
            return new TestHost(host, directory, options.RecordDirectory ?? directory.Path, options.AdminToken);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Registers a hook through the API and returns its secret.</summary>
    public async Task<string> RegisterAsync(string repoId, string provider = "github")
    {
        using var response = await Client.PostAsync(
            new Uri("/conduit/webhooks/register", UriKind.Relative),
            Json.Body(new { provider, repo_path = "acme/" + repoId, repo_id = repoId }));
        var json = await Json.ReadAsync(response);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, json.ToString());
        return json.GetProperty("data").GetProperty("secret").GetString()!;
    }

    /// <summary>The workers file the host was started with.</summary>
    public string WorkersFile => Path.Combine(_directory.Path, "workers.yaml");

    /// <summary>Writes <paramref name="yaml"/> over the workers file, with the same placeholders as <see cref="TestHostOptions.WorkersYaml"/>.</summary>
    public Task RewriteWorkersAsync(string yaml) => File.WriteAllTextAsync(WorkersFile, Expand(yaml, _recordDirectory));

    /// <summary>The jobs waiting, leased and dead for <paramref name="worker"/>.</summary>
    public Task<QueueCounts> CountsAsync(string worker = "recorder") =>
        new RedisWorkerQueue(Host.Store, worker).CountAsync(CancellationToken.None);

    /// <summary>The lines the recording processor wrote, waiting until there are at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<System.Text.Json.JsonElement>> RecordedAsync(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var lines = File.Exists(RecordedFile) ? await File.ReadAllLinesAsync(RecordedFile) : [];
            if (lines.Length >= count || DateTime.UtcNow > deadline)
            {
                return lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.Clone()).ToList();
            }

            await Task.Delay(25);
        }
    }

    private static string Expand(string yaml, string directory) => yaml
        .Replace("{github}", TestPlugins.GitHub, StringComparison.Ordinal)
        .Replace("{recorder}", TestPlugins.Recorder, StringComparison.Ordinal)
        .Replace("{dir}", directory, StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
        _directory.Dispose();
    }
}

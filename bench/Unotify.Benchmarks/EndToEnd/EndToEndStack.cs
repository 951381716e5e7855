using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Unotify.Testing.FakeJira;
using Unotify.Testing.Hosting;
using Unotify.Testing.Redis;

namespace Unotify.Benchmarks.EndToEnd;

/// <summary>
/// Everything an end-to-end run needs, all on loopback: redis-server (a throwaway one, or <c>UNOTIFY_BENCH_REDIS</c>),
/// the fake Jira holding SOC-1…SOC-n in "To Do", the Release host with one Jira worker pointed at it, a registered hook.
/// </summary>
internal sealed class EndToEndStack : IAsyncDisposable
{
    public const string RepoId = "4242";
    private const string AdminToken = "bench-admin-token";
    private readonly PrivateRedisServer? _redis;
    private readonly string _directory;

    private EndToEndStack(PrivateRedisServer? redis, FakeJiraServer jira, HostProcess host, string directory, HttpClient client, SignedPullRequests deliveries)
    {
        _redis = redis;
        Jira = jira;
        Host = host;
        _directory = directory;
        Client = client;
        Deliveries = deliveries;
    }

    public FakeJiraServer Jira { get; }

    public HostProcess Host { get; }

    /// <summary>A client for the host with room for many requests at once.</summary>
    public HttpClient Client { get; }

    public SignedPullRequests Deliveries { get; }

    public static async Task<EndToEndStack> StartAsync(int tickets, int concurrency, TimeSpan jiraDelay, BenchOptions options)
    {
        var external = Environment.GetEnvironmentVariable("UNOTIFY_BENCH_REDIS");
        PrivateRedisServer? redis = null;
        if (string.IsNullOrEmpty(external))
        {
            redis = new PrivateRedisServer();
            await redis.StartAsync();
        }

        var jira = await FakeJiraServer.StartAsync();
        jira.ResponseDelay = jiraDelay;
        for (var i = 1; i <= tickets; i++)
        {
            jira.AddIssue(Ticket(i), "To Do");
        }

        var directory = Path.Combine(Path.GetTempPath(), "unotify-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var workers = Path.Combine(directory, "workers.yaml");
        await File.WriteAllTextAsync(workers, string.Create(CultureInfo.InvariantCulture, $"""
            workers:
              atlassian:
                processor: jira
                statefile: {BenchRepository.JiraStateFile}
                projects: [devhop, soc]
                concurrency: {concurrency}
                settings:
                  base_url: {jira.BaseUrl}
                  email: {jira.Auth.Email}
                  api_token: {jira.Auth.Token}
            """));
        var environment = new Dictionary<string, string>
        {
            ["UNOTIFY_REDIS"] = redis?.ConnectionString ?? external!,
            ["UNOTIFY_KEY_PREFIX"] = "bench-" + Guid.NewGuid().ToString("N")[..12],
            ["UNOTIFY_ADMIN_TOKEN"] = AdminToken,
            ["UNOTIFY_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["UNOTIFY_WORKERS"] = workers,
            ["UNOTIFY_LOG_LEVEL"] = options.Text("log-level", "Information"),
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        HostProcess? host = null;
        try
        {
            host = await HostProcess.StartAsync(BenchRepository.HostAssembly, "all", environment, directory, options.Flag("host-log") ? options.Text("host-log", "host.log") : null);
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false })
            {
                BaseAddress = host.BaseAddress,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var secret = await RegisterHookAsync(client);
            return new EndToEndStack(redis, jira, host, directory, client, new SignedPullRequests(secret));
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await jira.DisposeAsync();
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }

            throw;
        }
    }

    public static string Ticket(int number) => string.Create(CultureInfo.InvariantCulture, $"SOC-{number}");

    /// <summary>Posts the merged PR naming <paramref name="ticketKey"/>; returns the status and how long the host took.</summary>
    public async Task<(HttpStatusCode Status, double Milliseconds)> PostAsync(string ticketKey)
    {
        using var request = Deliveries.Create(RepoId, ticketKey);
        var started = Stopwatch.GetTimestamp();
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The host's resident set in MB (from /proc), for the report.</summary>
    public double HostResidentMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Host.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Jira.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<string> RegisterHookAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/conduit/webhooks/register", UriKind.Relative))
        {
            Content = JsonContent.Create(new { provider = "github", repo_path = "Codertocat/Hello-World", repo_id = RepoId }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(text)!["data"]!["secret"]!.GetValue<string>()
            : throw new InvalidOperationException($"Registering the hook answered {(int)response.StatusCode}: {text}");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Unotify.Testing.FakeJira;
using Unotify.Testing.Hosting;

namespace Unotify.EndToEnd.Tests.Support;

/// <summary>
/// Everything one end-to-end test needs: a fake Jira on loopback, a folder with a workers.yaml and the shipped
/// state machines, and `unotify` processes started against one store with a key prefix of their own.
/// </summary>
public sealed class EndToEndRig : IAsyncDisposable
{
    private const string AdminToken = "e2e-admin-token";
    private readonly List<HostProcess> _hosts = [];
    private readonly Dictionary<string, string> _environment;

    private EndToEndRig(FakeJiraServer jira, string directory, Dictionary<string, string> environment)
    {
        Jira = jira;
        Directory = directory;
        _environment = environment;
    }

    public FakeJiraServer Jira { get; }

    public string Directory { get; }

    /// <summary>The most recently started host (the one deliveries are posted to).</summary>
    public HostProcess Host => _hosts.Count > 0 ? _hosts[^1] : throw new InvalidOperationException("No host started.");

    /// <summary>
    /// Starts the fake Jira and prepares a folder with the shipped config/workers.yaml (or <paramref name="workersYaml"/>)
    /// and config/statemachines/. With no workers.yaml settings, the Jira processor reads the seed's environment
    /// variables, which point at the fake Jira.
    /// </summary>
    /// <param name="backend">The store the hosts use.</param>
    /// <param name="workersYaml">The workers.yaml to write, or <see langword="null"/> for the shipped one.</param>
    /// <param name="environment">Variables that replace the rig's own (UNOTIFY_REDIS of a redis-server of the test's own, …).</param>
    public static async Task<EndToEndRig> CreateAsync(Backend backend, string? workersYaml = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "unotify-e2e-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "statemachines"));
        foreach (var file in System.IO.Directory.GetFiles(RepositoryLayout.StateMachinesDirectory))
        {
            File.Copy(file, Path.Combine(directory, "statemachines", Path.GetFileName(file)));
        }

        var workers = Path.Combine(directory, "workers.yaml");
        if (workersYaml is null)
        {
            File.Copy(RepositoryLayout.WorkersFile, workers);
        }
        else
        {
            await File.WriteAllTextAsync(workers, workersYaml);
        }

        var jira = await FakeJiraServer.StartAsync();
        var variables = new Dictionary<string, string>
        {
            ["UNOTIFY_ADMIN_TOKEN"] = AdminToken,
            ["UNOTIFY_WORKERS"] = workers,
            ["UNOTIFY_KEY_PREFIX"] = "e2e-" + Guid.NewGuid().ToString("N")[..12],
            ["UNOTIFY_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["UNOTIFY_LOG_LEVEL"] = "Information",
            ["ATLASSIAN_DOMAIN_URL"] = jira.BaseUrl,
            ["ATLASSIAN_EMAIL"] = jira.Auth.Email,
            ["ATLASSIAN_API_KEY"] = jira.Auth.Token,
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        switch (backend)
        {
            case Backend.Redis:
                variables["UNOTIFY_REDIS"] = System.Environment.GetEnvironmentVariable("UNOTIFY_TEST_REDIS")
                    ?? throw new InvalidOperationException("UNOTIFY_TEST_REDIS is not set: run the tests with ./test.sh, which starts redis-server.");
                break;
            case Backend.RedisCluster:
                variables["UNOTIFY_REDIS"] = System.Environment.GetEnvironmentVariable("UNOTIFY_TEST_REDIS_CLUSTER")
                    ?? throw new InvalidOperationException("UNOTIFY_TEST_REDIS_CLUSTER is not set: run the tests with ./test.sh, which starts a Redis Cluster.");
                break;
            default:
                variables["UNOTIFY_DATA"] = Path.Combine(directory, "data");
                break;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return new EndToEndRig(jira, directory, variables);
    }

    /// <summary>Starts `unotify ROLE` (all, serve or work) and waits until it is ready.</summary>
    /// <param name="role">all, serve or work.</param>
    /// <param name="hostAssembly">The unotify.dll to run, or <see langword="null"/> for the host's own build output.</param>
    public async Task<HostProcess> StartHostAsync(string role = "all", string? hostAssembly = null)
    {
        var host = await HostProcess.StartAsync(hostAssembly ?? RepositoryLayout.HostAssembly, role, _environment, Directory, Path.Combine(Directory, $"host-{_hosts.Count + 1}-{role}.log"));
        _hosts.Add(host);
        return host;
    }

    /// <summary>The variables every host of the rig is started with.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>Writes the rig's workers.yaml anew, for hosts started from now on (a test that needs addresses known only after the rig started).</summary>
    public Task WriteWorkersYamlAsync(string yaml) => File.WriteAllTextAsync(Path.Combine(Directory, "workers.yaml"), yaml);

    /// <summary>The <c>settings:</c> lines (indented for a worker) that point the Jira processor at <paramref name="baseUrl"/> with the fake Jira's credentials.</summary>
    public string JiraSettings(string baseUrl, string indent = "      ") =>
        $"{indent}base_url: {baseUrl}\n{indent}email: {Jira.Auth.Email}\n{indent}api_token: {Jira.Auth.Token}\n";

    /// <summary>An HTTP client for <paramref name="host"/> that sends the admin token.</summary>
    public static HttpClient AdminClient(HostProcess host) => Client(host);

    /// <summary>Registers a GitHub hook through the admin API and returns its secret.</summary>
    public async Task<string> RegisterHookAsync(HostProcess host, string repoId)
    {
        using var client = Client(host);
        using var response = await client.PostAsJsonAsync(
            new Uri("/conduit/webhooks/register", UriKind.Relative), new { provider = "github", repo_path = "Codertocat/Hello-World", repo_id = repoId });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["data"]!["secret"]!.GetValue<string>();
    }

    /// <summary>Posts a signed delivery to <paramref name="host"/> and returns the status and the parsed body.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HostProcess host, GitHubDelivery delivery, string repoId, string secret)
    {
        using var client = Client(host);
        using var request = delivery.ToRequest(repoId, secret);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) ?? throw new InvalidOperationException($"Empty answer, status {response.StatusCode}."));
    }

    /// <summary>A metric's value from <paramref name="host"/>'s /metrics, summed over its labels that contain <paramref name="labelFilter"/>.</summary>
    public static async Task<double> MetricAsync(HostProcess host, string name, string labelFilter = "")
    {
        using var client = Client(host);
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return text.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is ' ' or '{') && line.Contains(labelFilter, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The last lines each host printed, for failure messages.</summary>
    public string HostOutputs() => string.Join("\n----\n", _hosts.Select(h => h.Output));

    /// <summary>Waits until <paramref name="condition"/> holds, failing with the hosts' output after <paramref name="timeout"/>.</summary>
    public async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting until {what}.\nJira calls:\n{string.Join('\n', Jira.Calls)}\nHost output:\n{HostOutputs()}");
            }

            await Task.Delay(20);
        }
    }

    public Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what) => EventuallyAsync(() => Task.FromResult(condition()), timeout, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Jira.DisposeAsync();
        if (System.Environment.GetEnvironmentVariable("UNOTIFY_E2E_KEEP") == "1")
        {
            return; // kept for a look at the hosts' logs after a failure
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; a leftover temp folder harms nothing.
        }
    }

    private static HttpClient Client(HostProcess host)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }
}

using System.Text;
using BenchmarkDotNet.Attributes;
using Unotify.Plugins.GitHub;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>Parsing a ~28 KB merged pull request into a <see cref="WebhookEvent"/>.</summary>
[MemoryDiagnoser]
public class GitHubParseBenchmarks
{
    private readonly GitHubWebhookProvider _provider = new();
    private WebhookRequest _json = null!;
    private WebhookRequest _form = null!;

    [GlobalSetup]
    public void Setup()
    {
        var payload = GitHubPayloads.MergedPullRequest();
        _json = Request(Encoding.UTF8.GetBytes(payload), "application/json");
        _form = Request(Encoding.ASCII.GetBytes("payload=" + Uri.EscapeDataString(payload)), "application/x-www-form-urlencoded");
    }

    [Benchmark(Baseline = true)]
    public WebhookParseResult MergedPullRequestJson() => _provider.Parse(_json);

    [Benchmark]
    public WebhookParseResult MergedPullRequestForm() => _provider.Parse(_form);

    private static WebhookRequest Request(byte[] body, string contentType) => new()
    {
        Provider = "github",
        RepoId = "1",
        Headers = new WebhookHeaders([
            KeyValuePair.Create("X-GitHub-Event", "pull_request"),
            KeyValuePair.Create("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
        ]),
        Body = body,
        ContentType = contentType,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };
}

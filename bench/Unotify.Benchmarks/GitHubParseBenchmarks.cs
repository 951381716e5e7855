using System.Text;
using BenchmarkDotNet.Attributes;
using Unotify.Plugins.GitHub;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>Parsing a ~28 KB merged pull request into a <see cref="WebhookEvent"/>.</summary>
[MemoryDiagnoser]
public class GitHubParseBenchmarks
{
    private static readonly KeyValuePair<string, string>[] _headers =
    [
        KeyValuePair.Create("X-GitHub-Event", "pull_request"),
        KeyValuePair.Create("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
    ];

    private readonly GitHubWebhookProvider _provider = new();
    private WebhookRequest _json = null!;
    private WebhookRequest _form = null!;

    [GlobalSetup]
    public void Setup()
    {
        var payload = GitHubBenchRequests.MergedPullRequest();
        _json = GitHubBenchRequests.Request(Encoding.UTF8.GetBytes(payload), "application/json", _headers);
        _form = GitHubBenchRequests.Request(Encoding.ASCII.GetBytes("payload=" + Uri.EscapeDataString(payload)), "application/x-www-form-urlencoded", _headers);
    }

    [Benchmark(Baseline = true)]
    public WebhookParseResult MergedPullRequestJson() => _provider.Parse(_json);

    [Benchmark]
    public WebhookParseResult MergedPullRequestForm() => _provider.Parse(_form);
}

using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Plugins.GitHub;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>
/// The queue's own JSON of a job carrying a ~24 KB merged pull request: written once per matching worker at ingest,
/// read once per attempt by the worker. Calls Unotify.Core's <c>JobJson</c>, so this is exactly what the host runs: the
/// payload verbatim after one line of metadata (bench/README.md has the earlier forms' figures).
/// <see cref="Serialize"/> (an array of its own) is what retries and dead letters write; ingest writes
/// <see cref="Serialize_pooled"/>.
/// </summary>
[MemoryDiagnoser]
public class JobJsonBenchmarks
{
    private Job _job = null!;
    private byte[] _utf8 = [];

    [GlobalSetup]
    public void Setup()
    {
        var payload = GitHubBenchRequests.MergedPullRequest();
        var request = GitHubBenchRequests.Request(
            Encoding.UTF8.GetBytes(payload), "application/json", KeyValuePair.Create("X-GitHub-Event", "pull_request"), KeyValuePair.Create("X-GitHub-Delivery", "d-1"));
        var parsed = (WebhookParseResult.Accepted)new GitHubWebhookProvider().Parse(request);
        _job = new Job("job-1", "atlassian", parsed.Event, 0, DateTimeOffset.UnixEpoch, null);
        _utf8 = JobJson.Serialize(_job);
        Console.WriteLine($"// payload {payload.Length} chars, stored job {_utf8.Length} UTF-8 bytes");
    }

    [Benchmark(Baseline = true)]
    public byte[] Serialize() => JobJson.Serialize(_job);

    /// <summary>What ingest runs: the stored form in a pooled buffer, given back once written.</summary>
    [Benchmark]
    public int Serialize_pooled()
    {
        var stored = JobJson.SerializePooled(_job);
        var length = stored.Length;
        stored.Return();
        return length;
    }

    [Benchmark]
    public Job Deserialize() => JobJson.Deserialize(_utf8);
}

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
/// read once per attempt by the worker. Calls Unotify.Core's <c>JobJson</c>, so this is exactly what the host runs;
/// <see cref="Before_default_escaping_as_UTF16"/> is how jobs were written first (one JSON object, the payload an
/// escaped string), and <see cref="Before_relaxed_escaping_as_UTF8"/> the step after it; today's form keeps the payload
/// verbatim after one line of metadata. <see cref="Serialize"/> (an array of its own) is what retries and dead letters
/// write; ingest writes <see cref="Serialize_pooled"/>.
/// </summary>
[MemoryDiagnoser]
public class JobJsonBenchmarks
{
    private Job _job = null!;
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<Job> RelaxedJob = new StoreJsonContext(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }).Job;

    private byte[] _utf8 = [];
    private byte[] _relaxed = [];

    [GlobalSetup]
    public void Setup()
    {
        var payload = GitHubBenchRequests.MergedPullRequest();
        var request = GitHubBenchRequests.Request(
            Encoding.UTF8.GetBytes(payload), "application/json", KeyValuePair.Create("X-GitHub-Event", "pull_request"), KeyValuePair.Create("X-GitHub-Delivery", "d-1"));
        var parsed = (WebhookParseResult.Accepted)new GitHubWebhookProvider().Parse(request);
        _job = new Job("job-1", "atlassian", parsed.Event, 0, DateTimeOffset.UnixEpoch, null);
        _utf8 = JobJson.Serialize(_job);
        _relaxed = JsonSerializer.SerializeToUtf8Bytes(_job, RelaxedJob);
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

    [Benchmark]
    public byte[] Before_default_escaping_as_UTF16() =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(_job, StoreJsonContext.Default.Job));

    [Benchmark]
    public byte[] Before_relaxed_escaping_as_UTF8() => JsonSerializer.SerializeToUtf8Bytes(_job, RelaxedJob);

    [Benchmark]
    public Job Before_relaxed_escaping_read_back() => JsonSerializer.Deserialize(_relaxed, RelaxedJob)!;
}

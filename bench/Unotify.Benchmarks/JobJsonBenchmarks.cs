using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Plugins.GitHub;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>
/// The queue's own JSON of a job carrying a ~24 KB merged pull request: written once per matching worker at ingest,
/// read once per attempt by the worker. Calls Unotify.Core's internal <c>JobJson</c> (through a delegate made once),
/// so this is exactly what the host runs.
/// </summary>
[MemoryDiagnoser]
public class JobJsonBenchmarks
{
    private static readonly Type JobJsonType = typeof(RedisStore).Assembly.GetType("Unotify.Core.Queue.JobJson", throwOnError: true)!;
    private readonly Func<Job, string> _serialize = JobJsonType.GetMethod("Serialize", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<Job, string>>();
    private readonly Func<string, Job> _deserialize = JobJsonType.GetMethod("Deserialize", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<string, Job>>();
    /// <summary>
    /// The fix proposed in bench/README.md: the store's naming, but the relaxed encoder (<c>"</c> becomes <c>\"</c>, not
    /// <c>\u0022</c>) and UTF-8 in and out, so neither side builds a 64 KB UTF-16 string for Redis to transcode.
    /// </summary>
    private static readonly JsonSerializerOptions Proposed = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private Job _job = null!;
    private string _json = string.Empty;
    private byte[] _proposedUtf8 = [];

    /// <summary>How long the stored JSON is, in characters, next to the raw payload's length (printed once).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var payload = GitHubBenchRequests.MergedPullRequest();
        var request = GitHubBenchRequests.Request(
            Encoding.UTF8.GetBytes(payload), "application/json", KeyValuePair.Create("X-GitHub-Event", "pull_request"), KeyValuePair.Create("X-GitHub-Delivery", "d-1"));
        var parsed = (WebhookParseResult.Accepted)new GitHubWebhookProvider().Parse(request);
        _job = new Job("job-1", "atlassian", parsed.Event, 0, DateTimeOffset.UnixEpoch, null);
        _json = _serialize(_job);
        _proposedUtf8 = JsonSerializer.SerializeToUtf8Bytes(_job, Proposed);
        Console.WriteLine($"// payload {payload.Length} chars, stored job JSON {_json.Length} chars; proposed {_proposedUtf8.Length} UTF-8 bytes");
    }

    [Benchmark(Baseline = true)]
    public string Serialize() => _serialize(_job);

    [Benchmark]
    public Job Deserialize() => _deserialize(_json);

    [Benchmark]
    public byte[] SerializeToUtf8AsRedisSendsIt() => Encoding.UTF8.GetBytes(_serialize(_job));

    [Benchmark]
    public byte[] Proposed_relaxed_escaping_to_UTF8() => JsonSerializer.SerializeToUtf8Bytes(_job, Proposed);

    [Benchmark]
    public Job? Proposed_read_from_UTF8() => JsonSerializer.Deserialize<Job>(_proposedUtf8, Proposed);
}

using System.Reflection;
using System.Text;
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
    private Job _job = null!;
    private string _json = string.Empty;

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
        Console.WriteLine($"// payload {payload.Length} chars, stored job JSON {_json.Length} chars");
    }

    [Benchmark(Baseline = true)]
    public string Serialize() => _serialize(_job);

    [Benchmark]
    public Job Deserialize() => _deserialize(_json);

    [Benchmark]
    public byte[] SerializeToUtf8AsRedisSendsIt() => Encoding.UTF8.GetBytes(_serialize(_job));
}

using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Unotify.Plugins.GitHub;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>Verifying <c>X-Hub-Signature-256</c> over a 25 KB body.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private const string Secret = "benchmark-secret-0123456789abcdef";
    private readonly GitHubWebhookProvider _provider = new();
    private WebhookRequest _valid = null!;
    private WebhookRequest _mismatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var body = new byte[25 * 1024];
        new Random(42).NextBytes(body);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        _valid = GitHubBenchRequests.Request(body, "application/json", KeyValuePair.Create("X-Hub-Signature-256", signature));
        _mismatch = GitHubBenchRequests.Request(body, "application/json", KeyValuePair.Create("X-Hub-Signature-256", "sha256=" + new string('0', 64)));
    }

    [Benchmark(Baseline = true)]
    public SignatureVerification Valid() => _provider.Verify(_valid, Secret);

    [Benchmark]
    public SignatureVerification Mismatch() => _provider.Verify(_mismatch, Secret);
}

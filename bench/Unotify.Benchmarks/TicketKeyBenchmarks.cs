using System.Text;
using BenchmarkDotNet.Attributes;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>Finding ticket keys in a pull request's texts: a short title and branch, and a long body.</summary>
[MemoryDiagnoser]
public class TicketKeyBenchmarks
{
    private string[] _pullRequest = [];
    private string[] _longBody = [];

    [GlobalSetup]
    public void Setup()
    {
        _pullRequest = ["SOC-1 Login page (DEVHOP-2)", "feature/soc-1-login", "Fixes SOC-1. See also DEVHOP-3 and the UTF-8 handling."];
        var body = new StringBuilder();
        for (var i = 0; body.Length < 25 * 1024; i++)
        {
            body.Append("Line ").Append(i).Append(": refactor the ticket-key parser, x-1 y-0 (see SOC-").Append(i % 7 + 1).Append(").\n");
        }

        _longBody = [body.ToString()];
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<string> PullRequestTexts() => TicketKeys.Extract(_pullRequest);

    [Benchmark]
    public IReadOnlyList<string> Body25KB() => TicketKeys.Extract(_longBody);
}

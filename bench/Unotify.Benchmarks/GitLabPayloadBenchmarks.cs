using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Unotify.Plugins.GitLab;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>
/// A GitLab push payload read for its event: the one-pass reader the provider uses against the <see cref="JsonDocument"/>
/// it used before (the same values read with <see cref="JsonElementPath"/>, kept here as the baseline), on a push of
/// 20 commits (GitLab lists at most 20) and on one whose commits' file lists make it 1 MB.
/// </summary>
[MemoryDiagnoser]
public class GitLabPayloadBenchmarks
{
    private ReadOnlyMemory<byte> _body;

    [Params(0, 1)]
    public int PaddingMegabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var commits = new StringBuilder();
        var filesPerCommit = PaddingMegabytes * 1024 * 1024 / 20 / 40;
        for (var n = 0; n < 20; n++)
        {
            var files = string.Join(',', Enumerable.Range(0, filesPerCommit).Select(f => $"\"src/module{f % 97}/file{n}-{f}.cs\""));
            commits.Append(n == 0 ? "" : ",").Append($$"""
                {"id":"c{{n}}","message":"SOC-{{n}} change {{n}}\n\nLonger text","url":"https://gitlab.example.com/acme/api/-/commit/c{{n}}",
                 "author":{"name":"Ada","email":"ada@example.com"},"added":[{{files}}],"modified":[],"removed":[]}
                """);
        }

        _body = Encoding.UTF8.GetBytes($$"""
            {"object_kind":"push","event_name":"push","ref":"refs/heads/feature/soc-1-login","user_username":"ada",
             "project":{"id":14,"path_with_namespace":"acme/api","web_url":"https://gitlab.example.com/acme/api"},
             "commits":[{{commits}}],"total_commits_count":20}
            """);
    }

    [Benchmark]
    public int OnePass()
    {
        var payload = GitLabPayloadReader.Read(_body.Span, 128);
        return (payload.Commits?.Count ?? 0) + (payload.Ref?.Length ?? 0) + (payload.ProjectPath?.Length ?? 0);
    }

    [Benchmark(Baseline = true)]
    public int Document()
    {
        using var document = JsonDocument.Parse(_body, new JsonDocumentOptions { MaxDepth = 128 });
        var root = document.RootElement;
        var count = 0;
        if (JsonElementPath.TryGet(root, out var commits, "commits") && commits.ValueKind == JsonValueKind.Array)
        {
            foreach (var commit in commits.EnumerateArray())
            {
                _ = JsonElementPath.String(commit, "message");
                _ = JsonElementPath.String(commit, "url");
                count++;
            }
        }

        _ = JsonElementPath.String(root, "object_kind");
        _ = JsonElementPath.String(root, "user_username");
        return count + (JsonElementPath.String(root, "ref")?.Length ?? 0) + (JsonElementPath.String(root, "project", "path_with_namespace")?.Length ?? 0);
    }
}

using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Unotify.Plugins.Hmac;
using Unotify.Sdk;

namespace Unotify.Benchmarks;

/// <summary>
/// The HMAC provider's text fields read from a body: the one-pass reader it uses against the <see cref="JsonDocument"/>
/// it used before (kept here as the baseline), on a 28 KB pull request and on one padded to 1 MB and 24 MB with file
/// paths, as a large push's file lists make a body large.
/// </summary>
[MemoryDiagnoser]
public class HmacTextFieldBenchmarks
{
    private static readonly string[] Fields = ["pull_request.title", "pull_request.body", "pull_request.head.ref"];
    private ReadOnlyMemory<byte> _body;

    [Params(0, 1, 24)]
    public int PaddingMegabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = GitHubBenchRequests.MergedPullRequest();
        if (PaddingMegabytes > 0)
        {
            var files = new StringBuilder();
            for (var n = 0; files.Length < PaddingMegabytes * 1024 * 1024; n++)
            {
                files.Append(n == 0 ? "" : ",").Append("\"src/module").Append(n % 97).Append("/file").Append(n).Append(".cs\"");
            }

            payload = "{\"files\": [" + files + "], " + payload.TrimStart()[1..];
        }

        _body = Encoding.UTF8.GetBytes(payload);
    }

    [Benchmark]
    public IReadOnlyList<EventText> OnePass() => HmacPayload.Texts(_body, Fields);

    [Benchmark(Baseline = true)]
    public IReadOnlyList<EventText> Document()
    {
        using var document = JsonDocument.Parse(_body, new JsonDocumentOptions { MaxDepth = 128 });
        var texts = new List<EventText>();
        foreach (var field in Fields)
        {
            if (JsonElementPath.String(document.RootElement, field.Split('.')) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                texts.Add(new EventText(TextSource.Other, value));
            }
        }

        return texts;
    }
}

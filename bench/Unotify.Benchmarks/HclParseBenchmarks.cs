using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Unotify.Hcl;

namespace Unotify.Benchmarks;

/// <summary>
/// Parse throughput of Unotify.Hcl on a ~5 MB file of state-machine provisioner blocks (README.md, "State machines").
/// Throughput in MB/s is <see cref="FileBytes"/> divided by the mean time, printed in the setup log.
/// </summary>
[MemoryDiagnoser]
public class HclParseBenchmarks
{
    private const int TargetBytes = 5_000_000;
    private byte[] _utf8 = [];
    private string _text = string.Empty;

    /// <summary>Size of the generated file, for turning the mean time into MB/s.</summary>
    public int FileBytes => _utf8.Length;

    [GlobalSetup]
    public void GenerateProvisioners()
    {
        var text = new StringBuilder(TargetBytes + 1024);
        for (var i = 0; text.Length < TargetBytes; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                provisioner "proj{{i}}" {                 # a Jira project
                  aliasmapper "proj{{i}}" {
                    aliases = { to_do: "To Do", in_progress: "In Progress", review = "In Review", done: "Done" }
                  }
                  statemachine "proj{{i}}" {
                    initial = "to_do"
                    state "to_do" "next"       { transition = "in_progress" }
                    state "in_progress" "next" { transition = "review" }
                    state "in_progress" "prev" { transition = "to_do" }
                    state "review" "next"      { transition = "done" }
                    state "review" "prev"      { transition = "in_progress" }
                    state "done" "next"        { transition = "<end>" }
                  }
                }

                """);
        }

        _text = text.ToString();
        _utf8 = Encoding.UTF8.GetBytes(_text);
        Console.WriteLine($"// HclParseBenchmarks: generated {_utf8.Length:N0} bytes; MB/s = {_utf8.Length / 1e6:F3} / mean seconds");
    }

    [Benchmark(Description = "HCL parse 5 MB provisioners (UTF-8 bytes)")]
    public HclDocument ParseUtf8() => HclParser.Parse(_utf8, "provisioners.hcl");

    [Benchmark(Description = "HCL parse 5 MB provisioners (string)")]
    public HclDocument ParseString() => HclParser.Parse(_text, "provisioners.hcl");
}

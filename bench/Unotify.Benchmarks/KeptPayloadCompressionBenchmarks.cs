using System.Buffers;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;

namespace Unotify.Benchmarks;

/// <summary>
/// The cost of compressing a delivery's event before the history keeps it for a day (for replays): a GitHub pull
/// request of 28 KB, compressed with Brotli at quality 1 and with Deflate at its fastest level, against a plain copy
/// (what keeping it uncompressed costs the worker). The compressed size is printed once per parameter set.
/// </summary>
[MemoryDiagnoser]
public class KeptPayloadCompressionBenchmarks
{
    private byte[] _body = [];
    private byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        using (var stream = typeof(KeptPayloadCompressionBenchmarks).Assembly.GetManifestResourceStream("github/pull_request.closed.json")
            ?? throw new InvalidOperationException("The embedded fixture github/pull_request.closed.json is missing."))
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            _body = copy.ToArray();
        }

        _buffer = new byte[BrotliEncoder.GetMaxCompressedLength(_body.Length)];
        Console.WriteLine($"// body {_body.Length} B; brotli q1 {Brotli()} B; deflate fastest {Deflate()} B");
    }

    [Benchmark(Baseline = true)]
    public int Copy()
    {
        var copy = ArrayPool<byte>.Shared.Rent(_body.Length);
        _body.CopyTo(copy, 0);
        ArrayPool<byte>.Shared.Return(copy);
        return _body.Length;
    }

    [Benchmark]
    public int Brotli()
    {
        using var encoder = new BrotliEncoder(quality: 1, window: 22);
        encoder.Compress(_body, _buffer, out _, out var written, isFinalBlock: true);
        return written;
    }

    [Benchmark]
    public int Deflate()
    {
        using var output = new MemoryStream(_buffer);
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(_body);
        }

        return (int)output.Position;
    }
}

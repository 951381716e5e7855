using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Unotify.Benchmarks.Ceiling;

/// <summary>
/// The ingest ceilings of bench/load.sh: the least a webhook endpoint can do on this machine — Kestrel, the same route,
/// the body left in the request pipe until complete, HMAC-SHA256 over its segments compared with
/// <c>X-Hub-Signature-256</c> in constant time, answer 202. No registry, no parsing, no Redis, no logging. With
/// <c>--redis host:port</c> it also writes the verified body's bytes to Redis (one <c>SET … PX</c> per request, awaited
/// before the answer) and nothing else: the least an endpoint that keeps what it accepts can do, the ceiling the
/// host's ingest is measured against.
/// </summary>
public static class CeilingServer
{
    private const int MaxBodyBytes = 25 * 1024 * 1024;
    private const string Prefix = "sha256=";

    /// <summary>Runs until SIGTERM/Ctrl+C. Arguments: <c>--urls http://127.0.0.1:PORT --secret SECRET [--redis HOST:PORT]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var urls = options.Text("urls", "http://127.0.0.1:9099");
        var key = Encoding.UTF8.GetBytes(options.Text("secret", string.Empty));
        if (key.Length == 0)
        {
            await Console.Error.WriteLineAsync("ceiling: pass --secret SECRET (the key the load's signature was made with).");
            return 2;
        }

        var redisAddress = options.Text("redis", string.Empty);
        await using var redis = redisAddress.Length == 0 ? null : await ConnectionMultiplexer.ConnectAsync(redisAddress);
        var database = redis?.GetDatabase();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes + 1L;
        });
        var app = builder.Build();
        app.MapGet("/readyz", () => Results.Text("ready"));
        app.MapPost("/conduit/webhooks/{provider}/{repoId}/payload", (HttpContext context) => VerifyAsync(context, key, database));
        await app.RunAsync();
        return 0;
    }

    private static async Task VerifyAsync(HttpContext context, byte[] key, IDatabase? database)
    {
        // The body stays in Kestrel's request pipe until it is complete: no stream adapter, no copy to read it.
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted)
            {
                break;
            }

            if (read.Buffer.Length > MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                reader.AdvanceTo(read.Buffer.End);
                return;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var body = read.Buffer;
        try
        {
            var valid = Matches(context.Request.Headers["X-Hub-Signature-256"].ToString(), key, body);
            if (valid && database is not null)
            {
                // One SET of the body's bytes. The client takes one contiguous value, so a body spread over several
                // pipe segments is copied once into a pooled buffer for the call.
                var storeKey = "ceiling:" + context.Request.Headers["X-GitHub-Delivery"].ToString();
                if (body.IsSingleSegment)
                {
                    await database.StringSetAsync(storeKey, body.First, TimeSpan.FromMinutes(1));
                }
                else
                {
                    var copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
                    body.CopyTo(copy);
                    await database.StringSetAsync(storeKey, copy.AsMemory(0, (int)body.Length), TimeSpan.FromMinutes(1));
                    ArrayPool<byte>.Shared.Return(copy);
                }
            }

            context.Response.StatusCode = valid ? StatusCodes.Status202Accepted : StatusCodes.Status401Unauthorized;
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    private static bool Matches(string header, byte[] key, ReadOnlySequence<byte> body)
    {
        Span<byte> expected = stackalloc byte[32];
        Span<byte> actual = stackalloc byte[32];
        if (!header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + 64
            || Convert.FromHexString(header.AsSpan(Prefix.Length), actual, out _, out var written) != OperationStatus.Done || written != 32)
        {
            return false;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (var segment in body)
        {
            hmac.AppendData(segment.Span);
        }

        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

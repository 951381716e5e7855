using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Unotify.Benchmarks.Ceiling;

/// <summary>
/// The ingest ceiling of bench/load.sh: the least a webhook endpoint can do on this machine — Kestrel, the same route,
/// read the body once into a pooled buffer, HMAC-SHA256 it and compare with <c>X-Hub-Signature-256</c> in constant
/// time, answer 202. No registry, no parsing, no Redis, no logging: the host's figure is reported as a share of this.
/// With <c>--redis host:port</c> it also writes the verified body to Redis (one <c>SET … PX</c> per request, awaited
/// before the answer): the least a webhook endpoint that keeps what it accepts can do, for a second comparison.
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
        var request = context.Request;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 16 * 1024, 256, MaxBodyBytes));
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            var valid = Matches(request.Headers["X-Hub-Signature-256"].ToString(), key, buffer.AsSpan(0, length));
            if (valid && database is not null)
            {
                await database.StringSetAsync($"ceiling:{request.Headers["X-GitHub-Delivery"]}", buffer.AsMemory(0, length), TimeSpan.FromMinutes(1));
            }

            context.Response.StatusCode = valid ? StatusCodes.Status202Accepted : StatusCodes.Status401Unauthorized;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Matches(string header, byte[] key, ReadOnlySpan<byte> body)
    {
        Span<byte> expected = stackalloc byte[32];
        Span<byte> actual = stackalloc byte[32];
        if (!header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + 64
            || Convert.FromHexString(header.AsSpan(Prefix.Length), actual, out _, out var written) != OperationStatus.Done || written != 32)
        {
            return false;
        }

        HMACSHA256.HashData(key, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

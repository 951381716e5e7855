using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Unotify.Samples.SlackNotifier.Tests;

/// <summary>
/// A Slack incoming webhook on a real Kestrel server at 127.0.0.1 on a free port: <c>POST /services/T0/B0/secret</c>
/// records the JSON body and answers <c>ok</c>, or the next answer queued with <see cref="AnswerNext"/>.
/// </summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    private const string HookPath = "/services/T0/B0/secret";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Body, string? RetryAfter)> _answers = new();
    private readonly ConcurrentQueue<JsonElement> _messages = new();
    private int _posts;

    private FakeSlackServer(WebApplication app) => _app = app;

    /// <summary>The incoming-webhook URL, for the <c>webhook_url</c> setting.</summary>
    public Uri WebhookUrl { get; private set; } = null!;

    /// <summary>The messages answered with 200, in order.</summary>
    public IReadOnlyList<JsonElement> Messages => [.. _messages];

    /// <summary>Every post received, whatever it was answered.</summary>
    public int Posts => Volatile.Read(ref _posts);

    public static async Task<FakeSlackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeSlackServer(app);
        app.MapPost(HookPath, server.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.WebhookUrl = new Uri(address + HookPath);
        return server;
    }

    /// <summary>Answers the next post with <paramref name="status"/> instead of 200 <c>ok</c>.</summary>
    public void AnswerNext(int status, string body, string? retryAfter = null) => _answers.Enqueue((status, body, retryAfter));

    /// <summary>The messages, waiting until there are at least <paramref name="count"/> or the deadline passes.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForMessagesAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (_messages.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Messages;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        Interlocked.Increment(ref _posts);
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        if (_answers.TryDequeue(out var answer))
        {
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            await context.Response.WriteAsync(answer.Body);
            return;
        }

        _messages.Enqueue(document.RootElement.Clone());
        await context.Response.WriteAsync("ok");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

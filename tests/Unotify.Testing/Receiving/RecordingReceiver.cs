using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Unotify.Testing.Receiving;

/// <summary>
/// An HTTP endpoint on a real Kestrel server at <c>127.0.0.1</c> on a free port that records every request and answers
/// 200 <c>ok</c>, or the answers queued with <see cref="AnswerNext"/> in order: the far side of an outgoing webhook
/// (a Slack incoming webhook, a CI trigger). Thread-safe.
/// </summary>
public sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceiverAnswer> _answers = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private RecordingReceiver(WebApplication app) => _app = app;

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Starts a receiver.</summary>
    /// <returns>The running receiver; dispose it to stop it.</returns>
    public static async Task<RecordingReceiver> StartAsync()
    {
        var app = LoopbackKestrel.Build();
        var receiver = new RecordingReceiver(app);
        app.Run(receiver.ReceiveAsync);
        receiver.BaseUrl = await LoopbackKestrel.StartAsync(app).ConfigureAwait(false);
        return receiver;
    }

    /// <summary>The URL of <paramref name="path"/> on this receiver.</summary>
    /// <param name="path">A path starting with <c>/</c>.</param>
    /// <returns>The absolute URL.</returns>
    public Uri Url(string path) => new(BaseUrl + path);

    /// <summary>Answers the next request (after those already queued) with <paramref name="answer"/>.</summary>
    /// <param name="answer">The answer.</param>
    public void AnswerNext(ReceiverAnswer answer) => _answers.Enqueue(answer);

    /// <summary>The requests, once there are at least <paramref name="count"/>; fails when <paramref name="within"/> passes first.</summary>
    /// <param name="count">How many requests to wait for.</param>
    /// <param name="within">How long to wait.</param>
    /// <returns>Every request received.</returns>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (_requests.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver at {BaseUrl} got {_requests.Count} of {count} requests within {within}.");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return Requests;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray()));

        var answer = _answers.TryDequeue(out var queued) ? queued : ReceiverAnswer.Ok;
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        await context.Response.WriteAsync(answer.Body).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

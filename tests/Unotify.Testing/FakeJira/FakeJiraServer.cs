using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Unotify.Testing.FakeJira;

/// <summary>
/// A fake Jira REST API (v2 and v3) on a real Kestrel server at <c>127.0.0.1</c> on a free port: issues with
/// statuses, transitions per status from a <see cref="FakeJiraWorkflow"/>, Basic or Bearer authentication, a record of
/// every call, and failures or slowness on demand. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// await using var jira = await FakeJiraServer.StartAsync();
/// jira.AddIssue("SOC-1", "To Do");
/// // point the processor at jira.BaseUrl with jira.Auth.Email and jira.Auth.Token …
/// jira.StatusOf("SOC-1").Should().Be("In Progress");
/// </code>
/// </example>
public sealed class FakeJiraServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly WebApplication _app;
    private readonly FakeJiraApi _api;
    private long _responseDelayTicks;
    private int _inFlight;
    private int _maxInFlight;
    private readonly Dictionary<string, TaskCompletionSource> _holds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _heldCalls = new(StringComparer.OrdinalIgnoreCase);

    private FakeJiraServer(WebApplication app, FakeJiraApi api)
    {
        _app = app;
        _api = api;
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>, for the <c>base_url</c> setting.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The credentials the server accepts.</summary>
    public FakeJiraAuth Auth => _api.Auth;

    /// <summary>A delay before every answer (default none), to make the server slow.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _responseDelayTicks));
        set => Interlocked.Exchange(ref _responseDelayTicks, value.Ticks);
    }

    /// <summary>The most requests the server was handling at the same time.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>Every call answered so far, in the order they finished.</summary>
    public IReadOnlyList<FakeJiraCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _api.Calls];
            }
        }
    }

    /// <summary>Every transition applied so far, in order.</summary>
    public IReadOnlyList<FakeJiraMove> Moves
    {
        get
        {
            lock (_lock)
            {
                return [.. _api.Moves];
            }
        }
    }

    /// <summary>Starts a server on <c>127.0.0.1</c> and a free port.</summary>
    /// <param name="workflow">The transitions offered per status; <see cref="FakeJiraWorkflow.Default"/> when omitted.</param>
    /// <param name="auth">The accepted credentials; <see cref="FakeJiraAuth.Default"/> when omitted.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<FakeJiraServer> StartAsync(
        FakeJiraWorkflow? workflow = null, FakeJiraAuth? auth = null, CancellationToken cancellationToken = default)
    {
        var app = LoopbackKestrel.Build();
        var server = new FakeJiraServer(app, new FakeJiraApi(workflow ?? FakeJiraWorkflow.Default(), auth ?? FakeJiraAuth.Default));
        app.Run(server.HandleAsync);
        server.BaseUrl = await LoopbackKestrel.StartAsync(app, cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>
    /// Makes every call about <paramref name="key"/> wait, unanswered, until <see cref="ReleaseIssue"/>: a worker can
    /// then be caught in the middle of a job, with one ticket moved and another one pending.
    /// </summary>
    /// <param name="key">The issue key.</param>
    /// <returns>The server, for chaining.</returns>
    public FakeJiraServer HoldIssue(string key)
    {
        lock (_lock)
        {
            _holds.TryAdd(key, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        return this;
    }

    /// <summary>Lets the calls held by <see cref="HoldIssue"/> go on, and answers later ones at once.</summary>
    /// <param name="key">The issue key.</param>
    public void ReleaseIssue(string key)
    {
        TaskCompletionSource? hold;
        lock (_lock)
        {
            _holds.Remove(key, out hold);
        }

        hold?.TrySetResult();
    }

    /// <summary>How many calls about <paramref name="key"/> have been held (waiting or since released).</summary>
    /// <param name="key">The issue key.</param>
    /// <returns>The count.</returns>
    public int HeldCalls(string key)
    {
        lock (_lock)
        {
            return _heldCalls.GetValueOrDefault(key);
        }
    }

    /// <summary>Adds (or replaces) an issue with a status.</summary>
    /// <param name="key">The issue key, for example <c>SOC-1</c>.</param>
    /// <param name="status">The status name, for example <c>To Do</c>.</param>
    /// <returns>The server, for chaining.</returns>
    public FakeJiraServer AddIssue(string key, string status)
    {
        lock (_lock)
        {
            _api.Issues[key] = status;
        }

        return this;
    }

    /// <summary>The issue's current status, or <see langword="null"/> when there is no such issue.</summary>
    public string? StatusOf(string key)
    {
        lock (_lock)
        {
            return _api.Issues.GetValueOrDefault(key);
        }
    }

    /// <summary>The POSTs to an issue's transitions endpoint, whatever they were answered with.</summary>
    public IReadOnlyList<FakeJiraCall> TransitionCalls(string key) =>
        [.. Calls.Where(c => c.Method == "POST" && c.Path.EndsWith($"/issue/{key}/transitions", StringComparison.OrdinalIgnoreCase))];

    /// <summary>Every comment added so far, in order.</summary>
    public IReadOnlyList<FakeJiraComment> Comments
    {
        get
        {
            lock (_lock)
            {
                return [.. _api.Comments];
            }
        }
    }

    /// <summary>Every remote link on the fake's issues, in the order they were first added.</summary>
    public IReadOnlyList<FakeJiraRemoteLink> RemoteLinks
    {
        get
        {
            lock (_lock)
            {
                return [.. _api.RemoteLinks];
            }
        }
    }

    /// <summary>The transitions applied to an issue.</summary>
    public IReadOnlyList<FakeJiraMove> MovesOf(string key) =>
        [.. Moves.Where(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Answers the next <paramref name="count"/> calls with <paramref name="statusCode"/> instead of handling them.</summary>
    /// <param name="statusCode">429, 500, 503, …</param>
    /// <param name="retryAfter">A <c>Retry-After</c> header to send (whole seconds, rounded up), if any.</param>
    /// <param name="count">How many calls fail.</param>
    /// <param name="method">Only calls with this method fail (<c>"POST"</c> to fail the transition itself), or any call when omitted.</param>
    /// <param name="retryAfterAsDate">Send <c>Retry-After</c> as an HTTP date (now + <paramref name="retryAfter"/>) instead of seconds.</param>
    /// <param name="pathEnding">Only calls whose path ends with this fail (<c>/comment</c>), or calls to any path when <see langword="null"/>.</param>
    public void FailNext(int statusCode, TimeSpan? retryAfter = null, int count = 1, string? method = null, bool retryAfterAsDate = false, string? pathEnding = null)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _api.Faults.Add(new FakeJiraFault(statusCode, retryAfter, method, retryAfterAsDate, PathEnding: pathEnding));
            }
        }
    }

    /// <summary>
    /// Handles the next <paramref name="count"/> calls with <paramref name="method"/> (a POSTed transition is applied),
    /// then answers <paramref name="statusCode"/>: the change happened, but the caller cannot know.
    /// </summary>
    /// <param name="statusCode">500, 503, …</param>
    /// <param name="method">Only calls with this method, usually <c>"POST"</c>.</param>
    /// <param name="count">How many calls.</param>
    public void FailNextAfterHandling(int statusCode, string method, int count = 1)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _api.Faults.Add(new FakeJiraFault(statusCode, null, method, false, AfterHandling: true));
            }
        }
    }

    /// <summary>Drops every failure set up with <see cref="FailNext"/> or <see cref="FailNextAfterHandling"/> and not yet used: the server is healthy again.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _api.Faults.Clear();
        }
    }

    /// <summary>Forgets the calls and moves recorded so far (issues and their statuses stay).</summary>
    public void ClearCalls()
    {
        lock (_lock)
        {
            _api.Calls.Clear();
            _api.Moves.Clear();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking often, for at most <paramref name="timeout"/>.</summary>
    /// <returns>Whether the condition held before the deadline.</returns>
    public async Task<bool> WaitUntilAsync(Func<FakeJiraServer, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext http)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
            {
                Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            }

            await AnswerAsync(http).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private Task? HoldFor(string path)
    {
        // /rest/api/{version}/issue/{key}[/transitions]
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var issueAt = Array.IndexOf(segments, "issue");
        if (issueAt < 0 || issueAt + 1 >= segments.Length)
        {
            return null;
        }

        var key = segments[issueAt + 1];
        lock (_lock)
        {
            if (!_holds.TryGetValue(key, out var hold))
            {
                return null;
            }

            _heldCalls[key] = _heldCalls.GetValueOrDefault(key) + 1;
            return hold.Task;
        }
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var at = DateTimeOffset.UtcNow;
        var request = http.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        if (HoldFor(request.Path.Value ?? "/") is { } hold)
        {
            try
            {
                await hold.WaitAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Record(new FakeJiraCall(request.Method, request.Path, request.QueryString.Value ?? string.Empty, body, 499, at));
                return;
            }
        }

        if (ResponseDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(ResponseDelay, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its timeout): record the call as nginx would, 499, and answer nothing.
                Record(new FakeJiraCall(request.Method, request.Path, request.QueryString.Value ?? string.Empty, body, 499, at));
                return;
            }
        }

        FakeJiraAnswer answer;
        lock (_lock)
        {
            answer = _api.Answer(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, body, request.Headers.Authorization.ToString(), at);
            _api.Calls.Add(new FakeJiraCall(request.Method, request.Path, request.QueryString.Value ?? string.Empty, body, answer.StatusCode, at));
        }

        http.Response.StatusCode = answer.StatusCode;
        if (answer.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = answer.RetryAfterAsDate
                ? (DateTimeOffset.UtcNow + retryAfter).ToString("R", CultureInfo.InvariantCulture)
                : Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (answer.Json is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer.Json, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private void Record(FakeJiraCall call)
    {
        lock (_lock)
        {
            _api.Calls.Add(call);
        }
    }
}

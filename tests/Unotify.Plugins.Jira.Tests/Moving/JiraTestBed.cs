using Unotify.Sdk;
using Unotify.Sdk.Testing;
using Unotify.Testing.FakeJira;
using Unotify.Testing.Logging;
using Unotify.Testing.Redis;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>A running fake Jira plus in-memory stores, and a processor configured against them.</summary>
internal sealed class JiraTestBed : IAsyncDisposable
{
    private static readonly HttpClient _http = new();

    private JiraTestBed(FakeJiraServer jira)
    {
        Jira = jira;
        Calls = new ObservedIdempotencyStore(Idempotency);
        Cache = new InMemorySharedCache(Clock);
    }

    public FakeJiraServer Jira { get; }

    /// <summary>The claims' state, shared by every attempt made through <see cref="Context"/>.</summary>
    public InMemoryIdempotencyStore Idempotency { get; } = new();

    /// <summary>The claims and releases the processor made, and claims made to fail.</summary>
    public ObservedIdempotencyStore Calls { get; }

    /// <summary>The clock the shared cache ages its entries on.</summary>
    public AdjustableClock Clock { get; } = new();

    public InMemorySharedCache Cache { get; }

    public RecordingLogger<JiraEventProcessor> Log { get; } = new();

    public IStateMachines StateMachines { get; set; } = new LinearStateMachines(["SOC", "DEVHOP"]);

    /// <summary>The limiter the processor waits on before each call to Jira.</summary>
    public CountingRequestLimiter Limiter { get; } = new();

    public static async Task<JiraTestBed> StartAsync(FakeJiraWorkflow? workflow = null, FakeJiraAuth? auth = null) =>
        new(await FakeJiraServer.StartAsync(workflow, auth));

    /// <summary>A Jira Cloud processor for the fake's address and credentials, with <paramref name="overrides"/> applied.</summary>
    public JiraEventProcessor Processor(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["base_url"] = Jira.BaseUrl,
            ["email"] = Jira.Auth.Email,
            ["api_token"] = Jira.Auth.Token,
            ["timeout"] = "5s",
        };
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        return new JiraEventProcessor(Log, _http, new ProcessorSettings("atlassian", settings), StateMachines, TimeProvider.System, Limiter, _ => null);
    }

    public ProcessorContext Context() => new()
    {
        WorkerName = "atlassian",
        JobId = Guid.NewGuid().ToString("N"),
        Idempotency = Calls,
        Cache = Cache,
        Attempt = 1,
        Logger = Log,
    };

    public static WebhookEvent MergedPullRequest(string title, string? deliveryId = null) => new()
    {
        DeliveryId = deliveryId ?? Guid.NewGuid().ToString(),
        Provider = "github",
        RepoId = "1296269",
        Kind = EventKinds.PullRequestMerged,
        ReceivedAt = DateTimeOffset.UtcNow,
        Texts = [new EventText(TextSource.Title, title)],
    };

    /// <summary>A merged pull request #42 of acme/shop by ana, with its address (so its tickets get a link).</summary>
    public static WebhookEvent PullRequest42(string title = "SOC-1 fix login", string? deliveryId = null) =>
        MergedPullRequest(title, deliveryId) with { Url = "https://github.com/acme/shop/pull/42", Actor = "ana" };

    public Task<ProcessingResult> ProcessAsync(JiraEventProcessor processor, WebhookEvent webhookEvent) =>
        processor.ProcessAsync(webhookEvent, Context(), CancellationToken.None);

    public ValueTask DisposeAsync() => Jira.DisposeAsync();
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Unotify.Sdk.Testing;

/// <summary>
/// Builds the <see cref="ProcessorContext"/> the host would hand a processor, for a test without a host (worker
/// <c>test</c>, attempt 1, in-memory stores, a null logger unless told otherwise), and the
/// <see cref="ProcessorSettings"/> its constructor would get.
/// </summary>
/// <example>
/// <code>
/// var store = new InMemoryIdempotencyStore();
/// var builder = new ProcessorContextBuilder().WithSettings(("webhook_url", url)).WithIdempotency(store);
/// var processor = new SlackNotifierProcessor(logger, http, builder.BuildSettings(), TimeProvider.System);
/// var context = builder.Build();
/// var result = await processor.ProcessAsync(webhookEvent, context, CancellationToken.None);
/// </code>
/// </example>
public sealed class ProcessorContextBuilder
{
    private string _workerName = "test";
    private IEnumerable<KeyValuePair<string, string>> _settings = [];
    private IIdempotencyStore _idempotency = new InMemoryIdempotencyStore();
    private ISharedCache _cache = new InMemorySharedCache();
    private int _attempt = 1;
    private ILogger _logger = NullLogger.Instance;
    private IEventTextFinder? _textFinder;
    private FollowedOutcome? _followed;

    /// <summary>Names the worker (default <c>test</c>).</summary>
    /// <param name="workerName">The worker's name.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithWorker(string workerName)
    {
        _workerName = workerName;
        return this;
    }

    /// <summary>Sets the worker's flattened <c>settings:</c> (<c>("webhook_url", "http://…")</c>) for <see cref="BuildSettings"/>.</summary>
    /// <param name="settings">Keys and values.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithSettings(params (string Key, string Value)[] settings)
    {
        _settings = settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value)).ToList();
        return this;
    }

    /// <summary>Uses <paramref name="idempotency"/>, to look at it after the call or to share it between calls.</summary>
    /// <param name="idempotency">The store.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithIdempotency(IIdempotencyStore idempotency)
    {
        _idempotency = idempotency;
        return this;
    }

    /// <summary>Uses <paramref name="cache"/> as the shared cache.</summary>
    /// <param name="cache">The cache.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithCache(ISharedCache cache)
    {
        _cache = cache;
        return this;
    }

    /// <summary>Sets the attempt number.</summary>
    /// <param name="attempt">This attempt, from 1.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithAttempt(int attempt)
    {
        _attempt = attempt;
        return this;
    }

    /// <summary>Logs the job's messages to <paramref name="logger"/>.</summary>
    /// <param name="logger">The logger.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithLogger(ILogger logger)
    {
        _logger = logger;
        return this;
    }

    /// <summary>Finds the event's texts beyond its payload with <paramref name="textFinder"/> (default: none, as for a provider without one).</summary>
    /// <param name="textFinder">The finder, for example a <see cref="FixedEventTextFinder"/> or a real provider.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithTextFinder(IEventTextFinder textFinder)
    {
        _textFinder = textFinder;
        return this;
    }

    /// <summary>Gives the job the outcome of the worker it follows (<see cref="ProcessorContext.Followed"/>).</summary>
    /// <param name="followed">How the followed worker's job ended.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithFollowed(FollowedOutcome followed)
    {
        _followed = followed;
        return this;
    }

    /// <summary>The worker's settings as the processor's constructor receives them.</summary>
    /// <returns>The settings.</returns>
    public ProcessorSettings BuildSettings() => new(_workerName, _settings);

    /// <summary>The context.</summary>
    /// <returns>A new context.</returns>
    public ProcessorContext Build() => new()
    {
        WorkerName = _workerName,
        JobId = "job-" + _workerName,
        Idempotency = _idempotency,
        Cache = _cache,
        Attempt = _attempt,
        Logger = _logger,
        TextFinder = _textFinder,
        Followed = _followed,
    };
}

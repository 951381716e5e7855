using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Unotify.Sdk.Testing;

/// <summary>
/// Builds the <see cref="ProcessorContext"/> the host would hand a processor, for a test without a host: worker
/// <c>test</c>, attempt 1 of 5, no settings, no state machines, in-memory stores and a null logger unless told otherwise.
/// </summary>
/// <example>
/// <code>
/// var store = new InMemoryIdempotencyStore();
/// var context = new ProcessorContextBuilder().WithSettings(("webhook_url", url)).WithIdempotency(store).Build();
/// var result = await processor.ProcessAsync(webhookEvent, context, CancellationToken.None);
/// </code>
/// </example>
public sealed class ProcessorContextBuilder
{
    private string _workerName = "test";
    private IEnumerable<KeyValuePair<string, string>> _settings = [];
    private IStateMachines _stateMachines = NoStateMachines.Instance;
    private string _stateMachineEvent = "next";
    private IIdempotencyStore _idempotency = new InMemoryIdempotencyStore();
    private ISharedCache _cache = new InMemorySharedCache();
    private int _attempt = 1;
    private int _maxAttempts = 5;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Names the worker (default <c>test</c>).</summary>
    /// <param name="workerName">The worker's name.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithWorker(string workerName)
    {
        _workerName = workerName;
        return this;
    }

    /// <summary>Sets the worker's flattened <c>settings:</c> (<c>("webhook_url", "http://…")</c>).</summary>
    /// <param name="settings">Keys and values.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithSettings(params (string Key, string Value)[] settings)
    {
        _settings = settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value)).ToList();
        return this;
    }

    /// <summary>Sets the worker's state machines and the event it fires (default <c>next</c>).</summary>
    /// <param name="stateMachines">The state machines.</param>
    /// <param name="eventName">The state-machine event.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithStateMachines(IStateMachines stateMachines, string eventName = "next")
    {
        _stateMachines = stateMachines;
        _stateMachineEvent = eventName;
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

    /// <summary>Sets the attempt number and how many attempts the worker allows.</summary>
    /// <param name="attempt">This attempt, from 1.</param>
    /// <param name="maxAttempts">The attempts in all.</param>
    /// <returns>This builder.</returns>
    public ProcessorContextBuilder WithAttempt(int attempt, int maxAttempts = 5)
    {
        _attempt = attempt;
        _maxAttempts = maxAttempts;
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

    /// <summary>The worker's settings as the processor's constructor receives them.</summary>
    /// <returns>The settings.</returns>
    public ProcessorSettings BuildSettings() => new(_workerName, _settings);

    /// <summary>The context.</summary>
    /// <returns>A new context.</returns>
    public ProcessorContext Build() => new()
    {
        WorkerName = _workerName,
        JobId = "job-" + _workerName,
        Settings = BuildSettings(),
        StateMachines = _stateMachines,
        StateMachineEvent = _stateMachineEvent,
        Idempotency = _idempotency,
        Cache = _cache,
        Attempt = _attempt,
        MaxAttempts = _maxAttempts,
        Logger = _logger,
    };
}

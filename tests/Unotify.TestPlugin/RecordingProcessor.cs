using System.Text.Json;
using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.TestPlugin;

/// <summary>
/// Appends one JSON line per event to the file named by the setting <c>output</c>: what it received and from which
/// worker. The setting <c>fail_with</c> makes every attempt fail with that reason instead.
/// </summary>
[EventProcessor("recorder", Settings = ["output", "fail_with", "label"])]
public sealed class RecordingProcessor : IEventProcessor
{
    private static readonly SemaphoreSlim FileLock = new(1, 1);
    private readonly string _output;
    private readonly string? _failWith;
    private readonly string? _label;
    private readonly IStateMachines _stateMachines;
    private readonly ILogger<RecordingProcessor> _logger;
    private readonly TimeProvider _time;

    /// <summary>Reads the settings; a missing <c>output</c> is a start-up error.</summary>
    /// <param name="settings">The worker's settings.</param>
    /// <param name="stateMachines">The worker's state machines, recorded to show the host supplies them.</param>
    /// <param name="logger">The plugin's logger, supplied by the host.</param>
    /// <param name="time">The host's clock.</param>
    /// <param name="http">An HTTP client from the host's factory (only checked to be supplied).</param>
    public RecordingProcessor(ProcessorSettings settings, IStateMachines stateMachines, ILogger<RecordingProcessor> logger, TimeProvider time, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        _output = settings.GetRequiredString("output");
        _failWith = settings.GetString("fail_with");
        _label = settings.GetString("label");
        _stateMachines = stateMachines;
        _logger = logger;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (_failWith is not null)
        {
            return ProcessingResult.Fail(_failWith);
        }

        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["worker"] = context.WorkerName,
            ["job_id"] = context.JobId,
            ["delivery_id"] = webhookEvent.DeliveryId,
            ["provider"] = webhookEvent.Provider,
            ["repo_id"] = webhookEvent.RepoId,
            ["kind"] = webhookEvent.Kind,
            ["title"] = webhookEvent.FirstText(TextSource.Title),
            ["attempt"] = context.Attempt,
            ["payload_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(webhookEvent.Payload.Span)),
            ["event"] = _stateMachines.Event,
            ["projects"] = _stateMachines.Projects.Order(StringComparer.Ordinal).ToArray(),
            ["label"] = _label,
            ["recorded_at"] = _time.GetUtcNow(),
        });
        await FileLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(_output, line + Environment.NewLine, cancellationToken);
        }
        finally
        {
            FileLock.Release();
        }

        _logger.LogInformation("Recorded {Kind} for worker {Worker}", webhookEvent.Kind, context.WorkerName);
        return ProcessingResult.Done($"recorded {webhookEvent.Kind}");
    }
}

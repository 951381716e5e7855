using System.Text.Json;
using Unotify.Core.Queue;
using Unotify.Sdk;

namespace Unotify.Core.Limits;

/// <summary>
/// The events Unotify raises about its own workers, from the built-in provider <c>unotify</c>: a worker takes them with
/// <c>on: { unotify: [dead_letter, circuit_open, circuit_closed] }</c>. The repository id is the worker the event is
/// about; the payload is a small JSON object (see each kind).
/// </summary>
public static class AlertEvents
{
    /// <summary>The built-in provider's name.</summary>
    public const string Provider = "unotify";

    /// <summary>A job was dead-lettered. Payload: worker, job_id, delivery_id, provider, repo_id, kind, attempts, reason.</summary>
    public const string DeadLetter = "dead_letter";

    /// <summary>A worker's circuit opened. Payload: worker, cool_down_seconds, reason.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>A worker's circuit closed. Payload: worker, open_seconds, probes.</summary>
    public const string CircuitClosed = "circuit_closed";

    /// <summary>The kinds, for checking <c>on:</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [DeadLetter, CircuitOpen, CircuitClosed];

    /// <summary>The event for a dead-lettered job; its delivery id is the job's, so announcing it twice queues it once.</summary>
    /// <param name="job">The job.</param>
    /// <param name="reason">Why it was dead-lettered.</param>
    /// <param name="now">The time.</param>
    /// <returns>The event.</returns>
    public static WebhookEvent ForDeadLetter(Job job, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["worker"] = job.Worker,
            ["job_id"] = job.Id,
            ["delivery_id"] = job.Event.DeliveryId,
            ["provider"] = job.Event.Provider,
            ["repo_id"] = job.Event.RepoId,
            ["kind"] = job.Event.Kind,
            ["attempts"] = job.Attempt,
            ["reason"] = reason,
        });
        return Event($"dead-letter-{job.Id}", job.Worker, DeadLetter, now, payload, $"{job.Worker}: job {job.Id} ({job.Event.Provider} {job.Event.Kind}, delivery {job.Event.DeliveryId}) dead-lettered: {reason}");
    }

    /// <summary>The event for an opened circuit; <paramref name="openedAt"/> makes its delivery id, so it is queued once per opening.</summary>
    /// <param name="worker">The worker.</param>
    /// <param name="coolDown">Until the first probe.</param>
    /// <param name="reason">The outage answer that opened it.</param>
    /// <param name="openedAt">When it opened.</param>
    /// <returns>The event.</returns>
    public static WebhookEvent ForCircuitOpen(string worker, TimeSpan coolDown, string reason, DateTimeOffset openedAt)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["worker"] = worker,
            ["cool_down_seconds"] = coolDown.TotalSeconds,
            ["reason"] = reason,
        });
        return Event($"circuit-open-{worker}-{openedAt.ToUnixTimeMilliseconds()}", worker, CircuitOpen, openedAt, payload, $"{worker}: circuit opened ({reason})");
    }

    /// <summary>The event for a closed circuit.</summary>
    /// <param name="worker">The worker.</param>
    /// <param name="openFor">How long it was open.</param>
    /// <param name="probes">How many probes it took.</param>
    /// <param name="closedAt">When it closed.</param>
    /// <returns>The event.</returns>
    public static WebhookEvent ForCircuitClosed(string worker, TimeSpan openFor, int probes, DateTimeOffset closedAt)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["worker"] = worker,
            ["open_seconds"] = Math.Round(openFor.TotalSeconds, 3),
            ["probes"] = probes,
        });
        return Event($"circuit-closed-{worker}-{closedAt.ToUnixTimeMilliseconds()}", worker, CircuitClosed, closedAt, payload, $"{worker}: circuit closed after {DurationText.Format(openFor)}");
    }

    private static WebhookEvent Event(string deliveryId, string worker, string kind, DateTimeOffset at, byte[] payload, string text) => new()
    {
        DeliveryId = deliveryId,
        Provider = Provider,
        RepoId = worker,
        Repository = worker,
        Kind = kind,
        ReceivedAt = at,
        Texts = [new EventText(TextSource.Title, text)],
        Payload = payload,
    };
}

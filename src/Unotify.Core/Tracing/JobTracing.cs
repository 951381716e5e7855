using System.Diagnostics;
using Unotify.Core.Queue;
using Unotify.Sdk;

namespace Unotify.Core.Tracing;

/// <summary>
/// The spans of a delivery's jobs: the trace context of the request that queued a job is stored with it, and each
/// attempt is a span under it, so one trace follows a delivery from the HTTP request through the queue to the
/// processor's outgoing calls (which the HTTP client instrumentation puts under the attempt's span).
/// </summary>
/// <remarks>
/// Activities are created only when something listens to <see cref="SourceName"/> (the host's tracing, on when an
/// OTLP endpoint is configured): otherwise <see cref="Current"/> is <see langword="null"/> and this costs nothing.
/// </remarks>
public static class JobTracing
{
    /// <summary>The name of the activity source of queue and worker spans.</summary>
    public const string SourceName = "Unotify";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The W3C <c>traceparent</c> of the current span (the request queuing a job), to store with the job; <see langword="null"/>
    /// when nothing is being traced.
    /// </summary>
    public static string? Current => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts the span of one attempt at <paramref name="job"/>, under the span that queued it when the job carries one.</summary>
    /// <param name="job">The job.</param>
    /// <returns>The span, or <see langword="null"/> when nothing listens; dispose it when the attempt is over.</returns>
    public static Activity? StartAttempt(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);

        // A stored context that does not parse (written by hand, or damaged) starts a trace of its own.
        var parent = job.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var queued) ? queued : default;
        var activity = Source.StartActivity($"process {job.Worker}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "unotify");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", job.Worker);
            activity.SetTag("messaging.message.id", job.Id);
            activity.SetTag("unotify.delivery.id", job.Event.DeliveryId);
            activity.SetTag("unotify.event.kind", job.Event.Kind);
            activity.SetTag("unotify.attempt", job.Attempt);
        }

        return activity;
    }

    /// <summary>Records what the attempt came to: done is OK, a failure an error, a retry an event with its reason.</summary>
    /// <param name="activity">The attempt's span, if any.</param>
    /// <param name="result">The processor's result, or <see langword="null"/> when the attempt was given back (shutdown, lease lost).</param>
    public static void Finish(Activity? activity, ProcessingResult? result)
    {
        if (activity is null)
        {
            return;
        }

        switch (result)
        {
            case ProcessingResult.DoneResult:
                activity.SetTag("unotify.result", "done");
                activity.SetStatus(ActivityStatusCode.Ok);
                break;
            case ProcessingResult.FailResult fail:
                activity.SetTag("unotify.result", "fail");
                activity.SetStatus(ActivityStatusCode.Error, fail.Reason);
                break;
            case ProcessingResult.RetryResult retry:
                activity.SetTag("unotify.result", "retry");
                activity.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["unotify.reason"] = retry.Reason }));
                break;
            default:
                activity.SetTag("unotify.result", "released");
                break;
        }
    }
}

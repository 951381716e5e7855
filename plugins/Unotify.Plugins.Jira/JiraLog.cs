using Microsoft.Extensions.Logging;

namespace Unotify.Plugins.Jira;

/// <summary>The Jira processor's log messages (source-generated, event ids 4100–4199).</summary>
internal static partial class JiraLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Jira processor for worker {Worker}: {BaseUrl}, REST API v{ApiVersion}, {Credentials}, up to {MaxParallel} tickets at once, dry run {DryRun}")]
    public static partial void ProcessorConfigured(this ILogger logger, string worker, string baseUrl, int apiVersion, string credentials, int maxParallel, bool dryRun);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Worker {Worker}: Jira is not configured, so its jobs will fail into the dead letters until it is. {Fix}")]
    public static partial void JiraNotConfigured(this ILogger logger, string worker, string fix);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Debug,
        Message = "Ignoring {Key}: the worker does not handle project {Project}")]
    public static partial void KeyOfUnhandledProjectIgnored(this ILogger logger, string key, string project);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information,
        Message = "{Key} moved from {FromStatus} to {ToStatus} with transition {TransitionId}")]
    public static partial void TicketMoved(this ILogger logger, string key, string fromStatus, string toStatus, string transitionId);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information,
        Message = "Dry run: would move {Key} from {FromStatus} to {ToStatus} with transition {TransitionId} ({TransitionName})")]
    public static partial void TransitionPlanned(this ILogger logger, string key, string fromStatus, string toStatus, string transitionId, string transitionName);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Debug,
        Message = "{Key} is in {Status}, the end of its state machine for this event; nothing to do")]
    public static partial void TicketAtEnd(this ILogger logger, string key, string status);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Debug,
        Message = "{Key} was already handled for this delivery; skipped")]
    public static partial void TicketAlreadyDone(this ILogger logger, string key);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Information,
        Message = "{Key} is already in {Status}, where an earlier attempt that did not finish was moving it; marked done without moving it again")]
    public static partial void AbandonedMoveCompleted(this ILogger logger, string key, string status);

    [LoggerMessage(EventId = 4116, Level = LogLevel.Warning,
        Message = "{Key} is {Status} now, while an earlier attempt that did not finish was moving it from {From} to {To}; someone else moved it, so it is not moved again")]
    public static partial void AbandonedMoveOvertaken(this ILogger logger, string key, string from, string to, string status);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning,
        Message = "{Key} skipped: {Problem} (Jira answers 404 both for a missing issue and for one the account cannot see)")]
    public static partial void TicketNotFound(this ILogger logger, string key, string problem);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "{Key} failed: {Reason}")]
    public static partial void TicketFailed(this ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, Message = "{Key} needs a retry: {Reason}")]
    public static partial void TicketNeedsRetry(this ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Information,
        Message = "{Key} is being moved for another delivery right now; this one retries after it")]
    public static partial void TicketBusy(this ILogger logger, string key);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Information,
        Message = "{Key}: {Origin} asks for event {Event}, which its state machine has not from {Status}; the ticket stays")]
    public static partial void CommandIgnored(this ILogger logger, string key, string @event, string status, string origin);

    [LoggerMessage(EventId = 4125, Level = LogLevel.Warning, Message = "{Key}: the link to {Url} was not added: {Problem}")]
    public static partial void LinkRefused(this ILogger logger, string key, string url, string problem);

    [LoggerMessage(EventId = 4126, Level = LogLevel.Warning,
        Message = "{Key}: Jira requires {Fields} to move it to {Target}; add them with state \"{State}\" {{ fields = {{ … }} }} in the project's statemachine")]
    public static partial void TransitionNeedsFields(this ILogger logger, string key, string target, string fields, string state);
}

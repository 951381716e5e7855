using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>What became of one ticket key.</summary>
/// <param name="Key">The ticket key.</param>
/// <param name="Kind">The outcome.</param>
/// <param name="Summary">One line starting with the key: <c>SOC-1: To Do → In Progress</c>.</param>
/// <param name="RetryAfter">For <see cref="TicketOutcomeKind.NeedsRetry"/>: the delay to wait, when known.</param>
internal sealed record TicketOutcome(string Key, TicketOutcomeKind Kind, string Summary, TimeSpan? RetryAfter = null)
{
    /// <summary>The ticket's status when it was read, when it was.</summary>
    public string? From { get; init; }

    /// <summary>The status it moved to, or would move to in a dry run.</summary>
    public string? To { get; init; }

    /// <summary>For <see cref="TicketOutcomeKind.NeedsRetry"/>: whether Jira was down or throttling, or something else.</summary>
    public RetryCause Cause { get; init; }
}

namespace Unotify.Plugins.Jira;

/// <summary>What became of one ticket key of an event.</summary>
internal enum TicketOutcomeKind
{
    /// <summary>The ticket was moved.</summary>
    Moved,

    /// <summary>In a dry run: the ticket would have been moved.</summary>
    WouldMove,

    /// <summary>Nothing was needed: the machine's end, or already done for this delivery.</summary>
    Unchanged,

    /// <summary>Left alone with a warning (Jira does not know the issue, or the account cannot see it).</summary>
    Skipped,

    /// <summary>Cannot be done; a retry would not help.</summary>
    Failed,

    /// <summary>A transient problem; the job should be tried again.</summary>
    NeedsRetry,
}

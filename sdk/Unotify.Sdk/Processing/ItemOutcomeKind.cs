namespace Unotify.Sdk;

/// <summary>What became of one item of an event.</summary>
public enum ItemOutcomeKind
{
    /// <summary>The effect happened: the ticket moved, the message was posted.</summary>
    Moved = 0,

    /// <summary>Nothing needed doing (already there, already done for this delivery, at the end of its machine).</summary>
    Unchanged = 1,

    /// <summary>The item was left alone for a reason that is not an error (not found, not a project the worker handles).</summary>
    Skipped = 2,

    /// <summary>The effect was refused for good; <see cref="ItemOutcome.Detail"/> says why and what would fix it.</summary>
    Failed = 3,

    /// <summary>The effect did not happen yet and is tried again with the job.</summary>
    Retrying = 4,

    /// <summary>What would happen, from a dry run or a simulation that changes nothing.</summary>
    WouldMove = 5,
}

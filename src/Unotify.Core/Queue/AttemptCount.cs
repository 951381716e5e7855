namespace Unotify.Core.Queue;

/// <summary>Whether putting a leased job back counts the attempt it was leased for.</summary>
internal enum AttemptCount
{
    /// <summary>The attempt ran and counts towards the worker's <c>max_attempts</c> (a retry).</summary>
    Counted,

    /// <summary>The attempt did not run to an answer and is given back (a release on shutdown).</summary>
    GivenBack,
}

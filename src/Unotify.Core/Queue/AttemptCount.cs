namespace Unotify.Core.Queue;

/// <summary>Whether putting a leased job back counts the attempt it was leased for.</summary>
public enum AttemptCount
{
    /// <summary>The attempt ran and counts towards the worker's <c>max_attempts</c> (a retry).</summary>
    Counted,

    /// <summary>
    /// The attempt is given back: it did not run to an answer (a release on shutdown), or it failed only because the
    /// worker's circuit is open (the service is down, which is not the job's fault).
    /// </summary>
    GivenBack,
}

namespace Unotify.Core.History;

/// <summary>How an attempt at a delivery's job ended, as the history records it (<see cref="AttemptRecord.Result"/>).</summary>
public static class AttemptResults
{
    /// <summary>The processor finished the job.</summary>
    public const string Done = "done";

    /// <summary>The processor asked to try again later.</summary>
    public const string Retry = "retry";

    /// <summary>The processor failed the job for good; it went to the dead letters.</summary>
    public const string Fail = "fail";

    /// <summary>The retries ran out (attempts or time); the job went to the dead letters.</summary>
    public const string DeadLettered = "dead_lettered";

    /// <summary>Given back unrun while the worker's circuit was open.</summary>
    public const string Held = "held";

    /// <summary>Given back unfinished on shutdown.</summary>
    public const string Released = "released";

    /// <summary>Queued again by an admin (a replay); the attempts after it are the new job's.</summary>
    public const string Replayed = "replayed";

    /// <summary>Every result, in the order a list of choices shows them.</summary>
    public static IReadOnlyList<string> All { get; } = [Done, Retry, Fail, DeadLettered, Held, Released, Replayed];

    /// <summary>Whether the job is over (done or dead), so that its event is kept for a replay from now on.</summary>
    /// <param name="result">A result.</param>
    /// <returns><see langword="true"/> for done, fail and dead_lettered.</returns>
    public static bool EndsJob(string result) => result is Done or Fail or DeadLettered;
}

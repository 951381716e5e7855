namespace Unotify.Sdk;

/// <summary>What <see cref="IEventProcessor.ProcessAsync"/> made of an event.</summary>
public abstract record ProcessingResult
{
    private protected ProcessingResult()
    {
    }

    /// <summary>The event was handled (or needed nothing); the job is removed from the queue.</summary>
    /// <param name="summary">One line for the log saying what was done, for example <c>SOC-1: To Do → In Progress</c>.</param>
    /// <returns>A <see cref="DoneResult"/>.</returns>
    public static DoneResult Done(string summary) => new(summary);

    /// <summary>A transient problem; the job is tried again later.</summary>
    /// <param name="reason">What went wrong, kept with the job and shown in dead letters if attempts run out.</param>
    /// <param name="after">
    /// How long to wait before the next attempt (a <c>Retry-After</c> answer); <see langword="null"/> lets the host
    /// choose with exponential backoff and jitter.
    /// </param>
    /// <returns>A <see cref="RetryResult"/>.</returns>
    public static RetryResult Retry(string reason, TimeSpan? after = null) => new(reason, after);

    /// <summary>A permanent problem that a retry cannot fix; the job goes to the worker's dead letters.</summary>
    /// <param name="reason">What went wrong and what would fix it; shown in the dead letters.</param>
    /// <returns>A <see cref="FailResult"/>.</returns>
    public static FailResult Fail(string reason) => new(reason);

    /// <summary>The event was handled.</summary>
    /// <param name="Summary">What was done, in one line.</param>
    public sealed record DoneResult(string Summary) : ProcessingResult;

    /// <summary>The event should be tried again.</summary>
    /// <param name="Reason">What went wrong.</param>
    /// <param name="After">The delay the processor asks for, or <see langword="null"/> for the host's backoff.</param>
    public sealed record RetryResult(string Reason, TimeSpan? After) : ProcessingResult;

    /// <summary>The event cannot be handled.</summary>
    /// <param name="Reason">What went wrong and what would fix it.</param>
    public sealed record FailResult(string Reason) : ProcessingResult;
}

namespace Unotify.Sdk;

/// <summary>What <see cref="IEventProcessor.ProcessAsync"/> made of an event, with what became of each of its items.</summary>
public abstract record ProcessingResult
{
    private protected ProcessingResult()
    {
    }

    /// <summary>
    /// What became of each item of the event (each ticket, each message), in the order the processor handled them;
    /// empty when the processor does not report items. The host keeps them with the job's result.
    /// </summary>
    public IReadOnlyList<ItemOutcome> Items { get; init; } = [];

    /// <summary>Results are equal when they are of the same kind with the same values and the same items in the same order.</summary>
    /// <param name="other">The result to compare with.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public virtual bool Equals(ProcessingResult? other) =>
        other is not null && EqualityContract == other.EqualityContract && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(EqualityContract, Items.Count);

    /// <summary>The event was handled (or needed nothing); the job is removed from the queue.</summary>
    /// <param name="summary">One line for the log saying what was done, for example <c>SOC-1: To Do → In Progress</c>.</param>
    /// <param name="items">What became of each item, or <see langword="null"/> for none reported.</param>
    /// <returns>A <see cref="DoneResult"/>.</returns>
    public static DoneResult Done(string summary, IReadOnlyList<ItemOutcome>? items = null) => new(summary) { Items = items ?? [] };

    /// <summary>A transient problem; the job is tried again later.</summary>
    /// <param name="reason">What went wrong, kept with the job and shown in dead letters if attempts run out.</param>
    /// <param name="after">
    /// How long to wait before the next attempt (a <c>Retry-After</c> answer, see <see cref="RetryAfter"/>);
    /// <see langword="null"/> lets the host choose with exponential backoff and jitter.
    /// </param>
    /// <param name="items">What became of each item, or <see langword="null"/> for none reported.</param>
    /// <returns>A <see cref="RetryResult"/>.</returns>
    public static RetryResult Retry(string reason, TimeSpan? after = null, IReadOnlyList<ItemOutcome>? items = null) =>
        new(reason, after) { Items = items ?? [] };

    /// <summary>
    /// The service the processor talks to is down: it could not be reached, timed out or answered 5xx. The job is tried
    /// again later; enough of these in a row open the worker's circuit (see <see cref="RetryCause.Unavailable"/>).
    /// </summary>
    /// <param name="reason">What went wrong, for example <c>Jira answered 503</c>.</param>
    /// <param name="after">The delay the service asked for (<c>Retry-After</c>), or <see langword="null"/> for the host's backoff.</param>
    /// <param name="items">What became of each item, or <see langword="null"/> for none reported.</param>
    /// <returns>A <see cref="RetryResult"/> whose <see cref="RetryResult.Cause"/> is <see cref="RetryCause.Unavailable"/>.</returns>
    public static RetryResult Unavailable(string reason, TimeSpan? after = null, IReadOnlyList<ItemOutcome>? items = null) =>
        new(reason, after) { Cause = RetryCause.Unavailable, Items = items ?? [] };

    /// <summary>
    /// The service answered 429 (too many requests). The job is tried again later, and when <paramref name="after"/> is
    /// given every request of the worker waits that long (see <see cref="RetryCause.Throttled"/>).
    /// </summary>
    /// <param name="reason">What the service said.</param>
    /// <param name="after">The service's <c>Retry-After</c> (see <see cref="RetryAfter"/>), or <see langword="null"/> for the host's backoff.</param>
    /// <param name="items">What became of each item, or <see langword="null"/> for none reported.</param>
    /// <returns>A <see cref="RetryResult"/> whose <see cref="RetryResult.Cause"/> is <see cref="RetryCause.Throttled"/>.</returns>
    public static RetryResult Throttled(string reason, TimeSpan? after = null, IReadOnlyList<ItemOutcome>? items = null) =>
        new(reason, after) { Cause = RetryCause.Throttled, Items = items ?? [] };

    /// <summary>A permanent problem that a retry cannot fix; the job goes to the worker's dead letters.</summary>
    /// <param name="reason">What went wrong and what would fix it; shown in the dead letters.</param>
    /// <param name="items">What became of each item, or <see langword="null"/> for none reported.</param>
    /// <returns>A <see cref="FailResult"/>.</returns>
    public static FailResult Fail(string reason, IReadOnlyList<ItemOutcome>? items = null) => new(reason) { Items = items ?? [] };

    /// <summary>The event was handled.</summary>
    /// <param name="Summary">What was done, in one line.</param>
    public sealed record DoneResult(string Summary) : ProcessingResult;

    /// <summary>The event should be tried again.</summary>
    /// <param name="Reason">What went wrong.</param>
    /// <param name="After">The delay the processor asks for, or <see langword="null"/> for the host's backoff.</param>
    public sealed record RetryResult(string Reason, TimeSpan? After) : ProcessingResult
    {
        /// <summary>Why a retry is needed: <see cref="RetryCause.Other"/> unless made with <see cref="Unavailable"/> or <see cref="Throttled"/>.</summary>
        public RetryCause Cause { get; init; }
    }

    /// <summary>The event cannot be handled.</summary>
    /// <param name="Reason">What went wrong and what would fix it.</param>
    public sealed record FailResult(string Reason) : ProcessingResult;
}

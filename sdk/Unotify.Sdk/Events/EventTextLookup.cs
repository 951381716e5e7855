namespace Unotify.Sdk;

/// <summary>What an <see cref="IEventTextFinder"/> found for one event: texts, nothing, or the problem that stopped it.</summary>
public sealed class EventTextLookup
{
    private EventTextLookup(IReadOnlyList<EventText> texts, ProcessingResult? problem)
    {
        Texts = texts;
        Problem = problem;
    }

    /// <summary>Nothing beyond the payload: the finder has nothing to add for this event, or is not set up.</summary>
    public static EventTextLookup None { get; } = new([], null);

    /// <summary>The texts found, in the order their keys should be reported; empty when there is a <see cref="Problem"/>.</summary>
    public IReadOnlyList<EventText> Texts { get; }

    /// <summary>
    /// Why the texts could not be read, as the result a processor should return for the job (a retry after the delay the
    /// API asked for, or a failure naming the setting to fix); <see langword="null"/> when the lookup succeeded.
    /// </summary>
    public ProcessingResult? Problem { get; }

    /// <summary>The texts found.</summary>
    /// <param name="texts">The texts, in order.</param>
    /// <returns>A successful lookup.</returns>
    public static EventTextLookup Found(IReadOnlyList<EventText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Count == 0 ? None : new EventTextLookup(texts, null);
    }

    /// <summary>The texts could not be read.</summary>
    /// <param name="problem">
    /// The result to return for the job: a <see cref="ProcessingResult.RetryResult"/> (made with
    /// <see cref="ProcessingResult.Throttled"/>, <see cref="ProcessingResult.Unavailable"/> or
    /// <see cref="ProcessingResult.Retry"/>) or a <see cref="ProcessingResult.FailResult"/>.
    /// </param>
    /// <returns>A failed lookup.</returns>
    /// <exception cref="ArgumentException"><paramref name="problem"/> is a <see cref="ProcessingResult.DoneResult"/>.</exception>
    public static EventTextLookup Failed(ProcessingResult problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem is ProcessingResult.DoneResult)
        {
            throw new ArgumentException("A failed lookup needs a retry or a failure, not a done result.", nameof(problem));
        }

        return new EventTextLookup([], problem);
    }
}

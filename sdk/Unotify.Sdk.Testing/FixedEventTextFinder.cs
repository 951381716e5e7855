namespace Unotify.Sdk.Testing;

/// <summary>
/// A stand-in for a provider's <see cref="IEventTextFinder"/>: answers every event with the same lookup and counts the
/// calls. Give it to <see cref="ProcessorContextBuilder.WithTextFinder"/>.
/// </summary>
/// <example>
/// <code>
/// var finder = new FixedEventTextFinder(EventTextLookup.Found([new EventText(TextSource.CommitMessage, "SOC-1 fix") { Origin = "commit abc1234" }]));
/// var context = new ProcessorContextBuilder().WithTextFinder(finder).Build();
/// </code>
/// </example>
/// <param name="lookup">The answer to every call.</param>
public sealed class FixedEventTextFinder(EventTextLookup lookup) : IEventTextFinder
{
    private int _calls;

    /// <summary>How many times the finder was asked.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <inheritdoc />
    public Task<EventTextLookup> FindTextsAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        return Task.FromResult(lookup);
    }
}

namespace Unotify.Core.History;

/// <summary>How long and how much delivery history is kept (<c>UNOTIFY_HISTORY_RETENTION</c>, <c>UNOTIFY_HISTORY_MAX_ENTRIES</c>).</summary>
public sealed record HistoryOptions
{
    /// <summary>How long a delivery's record, its attempts and its ticket index entries are kept (default 14 days).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(14);

    /// <summary>The most deliveries listed; older ones leave the list first (default 100,000).</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>
    /// How long a delivery's payload is kept after its jobs ended, so that it can be replayed (default 24 hours; at most
    /// the 7 days a ticket's "done for this delivery" mark lasts, so a replay never moves a ticket twice).
    /// </summary>
    public TimeSpan PayloadRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Whether history is kept at all (<c>UNOTIFY_HISTORY_RETENTION=0</c> turns it off).</summary>
    public bool Enabled => Retention > TimeSpan.Zero;

    /// <summary>How long the history keeps deliveries, in words for a message (<c>14d</c>, or that it keeps nothing).</summary>
    /// <returns>The retention, or <c>nothing: UNOTIFY_HISTORY_RETENTION is 0</c>.</returns>
    public string DescribeRetention() => Describe(Retention, "UNOTIFY_HISTORY_RETENTION");

    /// <summary>How long payloads are kept after their jobs end, in words for a message.</summary>
    /// <returns>The retention, or <c>nothing: UNOTIFY_HISTORY_PAYLOAD_RETENTION is 0</c>.</returns>
    public string DescribePayloadRetention() => Describe(PayloadRetention, "UNOTIFY_HISTORY_PAYLOAD_RETENTION");

    private static string Describe(TimeSpan retention, string setting) =>
        retention > TimeSpan.Zero ? Sdk.DurationText.Format(retention) : $"nothing: {setting} is 0";
}

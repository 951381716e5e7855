using Unotify.Sdk;

namespace Unotify.Core.History;

/// <summary>
/// "Explain": every delivery that named a ticket, newest first, with what each attempt of each worker did with it, and
/// when none did, a hint that tells a typo from a quiet ticket.
/// </summary>
/// <param name="Key">The ticket, upper case.</param>
/// <param name="Steps">One per delivery that named it, newest first.</param>
/// <param name="Hint">Why there are no steps, or <see langword="null"/> when there are.</param>
public sealed record TicketStory(string Key, IReadOnlyList<TicketStep> Steps, string? Hint)
{
    /// <summary>The story of <paramref name="ticket"/> from the deliveries the history's ticket index gave.</summary>
    /// <param name="ticket">The ticket key, any case.</param>
    /// <param name="deliveries">The deliveries that named it, newest first.</param>
    /// <param name="projects">The projects the workers handle, for the hint.</param>
    /// <param name="options">The history's settings, for the hint.</param>
    /// <returns>The story.</returns>
    public static TicketStory Of(string ticket, IReadOnlyList<DeliveryRecord> deliveries, IEnumerable<string> projects, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(options);
        var key = ticket.ToUpperInvariant();
        var steps = deliveries.Select(delivery => TicketStep.Of(delivery, key)).ToList();
        if (steps.Count > 0)
        {
            return new TicketStory(key, steps, null);
        }

        var handled = projects.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var project = TicketKeys.ProjectOf(key);
        var hint = handled.Contains(project, StringComparer.Ordinal)
            ? $"No delivery in the history (it keeps {options.DescribeRetention()}) named {key}. Check that the pull request, push or release names it and that its hook is registered."
            : $"No worker handles the project {project}; the workers handle: {(handled.Count == 0 ? "none" : string.Join(", ", handled))}.";
        return new TicketStory(key, steps, hint);
    }
}

/// <summary>One delivery that named the ticket: where it came from, and what each attempt of each worker did with it.</summary>
/// <param name="DeliveryId">The sender's delivery id.</param>
/// <param name="Provider">The provider.</param>
/// <param name="RepoId">The hook's repository id.</param>
/// <param name="Kind">The event kind.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Attempts">What each attempt did with the ticket, in order.</param>
public sealed record TicketStep(string DeliveryId, string Provider, string RepoId, string? Kind, DateTimeOffset ReceivedAt, IReadOnlyList<TicketAttempt> Attempts)
{
    /// <summary>The step of <paramref name="delivery"/> for <paramref name="ticket"/>: the attempts whose items name it.</summary>
    /// <param name="delivery">A delivery that named the ticket.</param>
    /// <param name="ticket">The ticket key.</param>
    /// <returns>The step.</returns>
    public static TicketStep Of(DeliveryRecord delivery, string ticket)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new TicketStep(
            delivery.DeliveryId,
            delivery.Provider,
            delivery.RepoId,
            delivery.Kind,
            delivery.ReceivedAt,
            delivery.Attempts
                .SelectMany(attempt => attempt.Items
                    .Where(item => string.Equals(item.Subject, ticket, StringComparison.OrdinalIgnoreCase))
                    .Select(item => new TicketAttempt(attempt.Worker, attempt.Attempt, attempt.EndedAt, attempt.Result, item.Kind, item.Detail, item.From, item.To, item.Source)))
                .ToList());
    }
}

/// <summary>What one attempt did with the ticket.</summary>
/// <param name="Worker">The worker.</param>
/// <param name="Attempt">The attempt's number.</param>
/// <param name="At">When it ended.</param>
/// <param name="Result">How the attempt ended (<see cref="AttemptResults"/>).</param>
/// <param name="Outcome">What became of the ticket (moved, unchanged, skipped, failed, retrying, would_move).</param>
/// <param name="Detail">One line: what happened and why.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after, or wanted.</param>
/// <param name="FoundIn">Where in the event the key was found (title, body, branch, commit, release notes).</param>
public sealed record TicketAttempt(string Worker, int Attempt, DateTimeOffset At, string Result, string Outcome, string Detail, string? From, string? To, string? FoundIn);

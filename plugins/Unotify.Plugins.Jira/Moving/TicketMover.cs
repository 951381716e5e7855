using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// Moves one ticket one step along its project's state machine, at most once per delivery.
/// </summary>
/// <remarks>
/// The status is read before the (delivery, ticket) claim so that the claim's note can say where the ticket is going
/// (<c>To Do→In Progress</c>). When an earlier attempt ended between moving the ticket and marking it done (its worker
/// died, or Jira's answer was lost), its claim ends with it and the next attempt's claim returns that note: a ticket
/// already in the noted target is marked done instead of being moved a second time.
/// </remarks>
internal sealed class TicketMover(JiraClient jira, TransitionCatalog catalog, JiraSettings settings, IStateMachines stateMachines, MoveCommenter? moveCommenter)
{
    private const string EndNote = "<end>";
    private const string NoteArrow = "→";

    /// <summary>The idempotency key prefix of a ticket's turn (<c>turn:SOC-1</c>); delivery keys never start with it.</summary>
    private const string TurnPrefix = "turn:";

    /// <summary>How long a delivery waits for a ticket another delivery is moving: about one move's three calls to Jira.</summary>
    private static readonly TimeSpan TurnWait = TimeSpan.FromSeconds(1);

    /// <summary>Moves <paramref name="key"/> for the event with <paramref name="deliveryId"/>.</summary>
    /// <returns>What became of the ticket. Jira's answers, good or bad, are outcomes; anything else (the store failing, a
    /// bug) is an exception for the host, which retries the job: the tickets already moved are marked done.</returns>
    /// <param name="key">The ticket.</param>
    /// <param name="deliveryId">The delivery that names it.</param>
    /// <param name="command">What the delivery's texts ask of it (<c>SOC-1 #review</c>), or <see langword="null"/> for the worker's own event.</param>
    /// <param name="reference">What the delivery is about, for the comment on a move; <see langword="null"/> when it has no address.</param>
    /// <param name="context">The attempt's context.</param>
    /// <param name="cancellationToken">Cancels the move.</param>
    public async Task<TicketOutcome> MoveAsync(
        string key, string deliveryId, TicketCommand? command, CodeReference? reference, ProcessorContext context, CancellationToken cancellationToken)
    {
        if (context.Simulate && context.SimulatedStates.TryGetValue(key, out var given))
        {
            return Plan(stateMachines, key, given, command);
        }

        if (settings.DryRun || context.Simulate)
        {
            return await MoveInTurnAsync(key, deliveryId, command, reference, context, cancellationToken).ConfigureAwait(false);
        }

        // One delivery at a time per ticket, across every replica: two that read "To Do" together would both make
        // the same move. The turn is a claim that is never marked done: released when the move is over, and ended
        // with the attempt if its worker dies, so it lasts at most one lease.
        var turnKey = TurnPrefix + key;
        var turn = await context.Idempotency.ClaimAsync(turnKey, deliveryId, cancellationToken).ConfigureAwait(false);
        if (turn.Status == IdempotencyClaimStatus.HeldByOther)
        {
            context.Logger.TicketBusy(key);
            return new TicketOutcome(key, TicketOutcomeKind.NeedsRetry, $"{key}: retry (another delivery is moving it right now; this one goes next)", TurnWait);
        }

        try
        {
            return await MoveInTurnAsync(key, deliveryId, command, reference, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.Idempotency.ReleaseAsync(turnKey, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<TicketOutcome> MoveInTurnAsync(
        string key, string deliveryId, TicketCommand? command, CodeReference? reference, ProcessorContext context, CancellationToken cancellationToken)
    {
        var status = await jira.GetStatusAsync(key, cancellationToken).ConfigureAwait(false);
        if (!status.Succeeded)
        {
            return FromProblem(key, status.Problem, context.Logger);
        }

        var ticket = new Ticket(key, TicketKeys.ProjectOf(key), status.Value, deliveryId, reference);
        return stateMachines.Next(ticket.Project, ticket.Status, command?.Event ?? stateMachines.Event) switch
        {
            StateMachineStep.Move move => AskedBy(command, await MoveAlongAsync(ticket, move, context, cancellationToken).ConfigureAwait(false)),
            StateMachineStep.End => await StayAtEndAsync(ticket, context, cancellationToken).ConfigureAwait(false),
            StateMachineStep.Unavailable unavailable when command is not null => Ignored(key, ticket.Status, command, unavailable.Reason, context.Logger),
            StateMachineStep.Unavailable unavailable => Fail(key, unavailable.Reason, context.Logger),
            var other => Fail(key, $"the state machine answered {other}, which this processor does not know", context.Logger),
        };
    }

    private async Task<TicketOutcome> StayAtEndAsync(Ticket ticket, ProcessorContext context, CancellationToken cancellationToken)
    {
        var unchanged = new TicketOutcome(ticket.Key, TicketOutcomeKind.Unchanged, $"{ticket.Key}: nothing to do ({ticket.Status} is the end)") { From = ticket.Status };
        if (!settings.DryRun)
        {
            // Marked done so that a redelivery does not move a ticket someone moved back in the meantime.
            var claim = await context.Idempotency.ClaimAsync(ticket.IdempotencyKey, EndNote, cancellationToken).ConfigureAwait(false);
            if (claim.Status != IdempotencyClaimStatus.Claimed)
            {
                return NotClaimed(ticket.Key, claim.Status, context.Logger);
            }

            await context.Idempotency.MarkDoneAsync(ticket.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        }

        context.Logger.TicketAtEnd(ticket.Key, ticket.Status);
        return unchanged;
    }

    private async Task<TicketOutcome> MoveAlongAsync(Ticket ticket, StateMachineStep.Move move, ProcessorContext context, CancellationToken cancellationToken)
    {
        var target = move.StatusName;
        var log = context.Logger;
        if (!settings.DryRun)
        {
            var claim = await context.Idempotency.ClaimAsync(ticket.IdempotencyKey, ticket.Status + NoteArrow + target, cancellationToken).ConfigureAwait(false);
            if (claim.Status != IdempotencyClaimStatus.Claimed)
            {
                return NotClaimed(ticket.Key, claim.Status, log);
            }

            // An earlier attempt set out to move the ticket and ended without saying whether it did. The note is
            // that first attempt's plan (the store keeps it across takeovers), so it is checked against the status now.
            if (NotedMove(claim.AbandonedNote) is { } noted && noted.From != ticket.Status)
            {
                if (noted.To == ticket.Status)
                {
                    log.AbandonedMoveCompleted(ticket.Key, ticket.Status);
                    var completed = new TicketOutcome(ticket.Key, TicketOutcomeKind.Unchanged, $"{ticket.Key}: already {ticket.Status} (moved by an earlier attempt)")
                    {
                        From = noted.From,
                        To = ticket.Status,
                    };
                    return await FinishMoveAsync(ticket, completed, context, cancellationToken).ConfigureAwait(false);
                }

                await context.Idempotency.MarkDoneAsync(ticket.IdempotencyKey, cancellationToken).ConfigureAwait(false);
                log.AbandonedMoveOvertaken(ticket.Key, noted.From, noted.To, ticket.Status);
                return new TicketOutcome(ticket.Key, TicketOutcomeKind.Unchanged,
                    $"{ticket.Key}: not moved again (an earlier attempt was moving it from {noted.From} to {noted.To}; it is {ticket.Status} now)")
                {
                    From = ticket.Status,
                };
            }
        }

        var (transition, offered, problem) = await FindTransitionAsync(ticket, target, context.Cache, cancellationToken).ConfigureAwait(false);
        if (problem is not null || transition is null)
        {
            await ReleaseAsync(ticket, context, cancellationToken).ConfigureAwait(false);
            return problem is not null
                ? FromProblem(ticket.Key, problem, log)
                : Fail(ticket.Key, $"no transition from '{ticket.Status}' to '{target}'; Jira offers: {TransitionChooser.Describe(offered)}", log);
        }

        if (settings.DryRun || context.Simulate)
        {
            log.TransitionPlanned(ticket.Key, ticket.Status, target, transition.Id, transition.Name);
            var wouldMove = new TicketOutcome(ticket.Key, TicketOutcomeKind.WouldMove,
                $"{ticket.Key}: would move {ticket.Status} → {target} ({(context.Simulate ? "simulated" : "dry run")}, transition {transition.Id} '{transition.Name}')")
            {
                From = ticket.Status,
                To = target,
            };
            if (transition.Missing(move.Fields) is { Count: > 0 } needed)
            {
                wouldMove = wouldMove.Noting($"but Jira requires {Describe(needed)} for it: {FieldsFix(move, needed)}");
            }

            return moveCommenter is null ? wouldMove : MoveCommenter.WouldComment(wouldMove);
        }

        if (transition.Missing(move.Fields) is { Count: > 0 } missing)
        {
            // Jira would answer 400; saying so before the call names the state to fix.
            await ReleaseAsync(ticket, context, cancellationToken).ConfigureAwait(false);
            log.TransitionNeedsFields(ticket.Key, target, Describe(missing), move.StateId);
            return Fail(ticket.Key, $"Jira requires {Describe(missing)} to move it from '{ticket.Status}' to '{target}' (transition {transition.Id} '{transition.Name}'); {FieldsFix(move, missing)}", log);
        }

        return await PerformAsync(ticket, move, transition, offered, context, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TicketOutcome> PerformAsync(
        Ticket ticket, StateMachineStep.Move move, JiraTransition transition, IReadOnlyList<JiraTransition> offered, ProcessorContext context, CancellationToken cancellationToken)
    {
        var target = move.StatusName;
        var posted = await jira.TransitionAsync(ticket.Key, transition.Id, move.Fields, cancellationToken).ConfigureAwait(false);
        if (posted.Problem is { Kind: JiraProblemKind.Unavailable } unsure)
        {
            // A timeout or 5xx may still have moved the ticket: keep the claim. It ends with this attempt, and the
            // next attempt gets its note and checks the status before moving anything.
            return Retry(ticket.Key, $"{unsure.Message} (the move may have happened; the next attempt checks first)", unsure.RetryAfter, context.Logger) with { Cause = RetryCause.Unavailable };
        }

        if (!posted.Succeeded)
        {
            await ReleaseAsync(ticket, context, cancellationToken).ConfigureAwait(false);
            return posted.Problem.Kind == JiraProblemKind.Rejected
                ? Fail(ticket.Key, $"Jira refused to move it from '{ticket.Status}' to '{target}' with transition {transition.Id} '{transition.Name}' " +
                    $"({posted.Problem.Message}); Jira offers: {TransitionChooser.Describe(offered)}; when Jira names a field, give it in the state machine: " +
                    $"state \"{move.StateId}\" {{ fields = {{ <field> = <value> }} }}", context.Logger)
                : FromProblem(ticket.Key, posted.Problem, context.Logger);
        }

        context.Logger.TicketMoved(ticket.Key, ticket.Status, target, transition.Id);
        var moved = new TicketOutcome(ticket.Key, TicketOutcomeKind.Moved, $"{ticket.Key}: {ticket.Status} → {target}") { From = ticket.Status, To = target };
        return await FinishMoveAsync(ticket, moved, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Comments on the move when the worker asks for it, then marks the ticket done for the delivery. When the comment
    /// does not reach Jira the claim stays open and ends with the attempt: the next attempt finds the move made (the
    /// claim's note) and comments then, without moving the ticket again.
    /// </summary>
    private async Task<TicketOutcome> FinishMoveAsync(Ticket ticket, TicketOutcome moved, ProcessorContext context, CancellationToken cancellationToken)
    {
        var outcome = moveCommenter is null
            ? moved
            : await moveCommenter.CommentAsync(moved, ticket.DeliveryId, ticket.Reference, context, cancellationToken).ConfigureAwait(false);
        if (outcome.Kind != TicketOutcomeKind.NeedsRetry)
        {
            await context.Idempotency.MarkDoneAsync(ticket.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    private async Task<(JiraTransition? Chosen, IReadOnlyList<JiraTransition> Offered, JiraProblem? Problem)> FindTransitionAsync(
        Ticket ticket, string target, ISharedCache cache, CancellationToken cancellationToken)
    {
        var (answer, fromCache) = await catalog.GetAsync(ticket.Key, ticket.Project, ticket.Status, cache, fresh: false, cancellationToken).ConfigureAwait(false);
        if (answer.Succeeded && fromCache && TransitionChooser.Choose(answer.Value, target) is null)
        {
            // The workflow may have changed since the list was cached: ask Jira before giving up.
            (answer, _) = await catalog.GetAsync(ticket.Key, ticket.Project, ticket.Status, cache, fresh: true, cancellationToken).ConfigureAwait(false);
        }

        return answer.Succeeded
            ? (TransitionChooser.Choose(answer.Value, target), answer.Value, null)
            : (null, [], answer.Problem);
    }

    private async Task ReleaseAsync(Ticket ticket, ProcessorContext context, CancellationToken cancellationToken)
    {
        if (!settings.DryRun)
        {
            await context.Idempotency.ReleaseAsync(ticket.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What the state machine alone says would become of <paramref name="key"/> at <paramref name="status"/>: a simulation
    /// with a status the user gave, where Jira is not asked (so whether its workflow offers the transition is not checked).
    /// </summary>
    public static TicketOutcome Plan(IStateMachines stateMachines, string key, string status, TicketCommand? command) =>
        stateMachines.Next(TicketKeys.ProjectOf(key), status, command?.Event ?? stateMachines.Event) switch
        {
            StateMachineStep.Move move => new TicketOutcome(key, TicketOutcomeKind.WouldMove,
                $"{key}: would move {status} → {move.StatusName} (the status was given, so Jira was not asked whether its workflow allows it)")
            {
                From = status,
                To = move.StatusName,
            },
            StateMachineStep.End => new TicketOutcome(key, TicketOutcomeKind.Unchanged, $"{key}: nothing to do ({status} is the end)") { From = status },
            StateMachineStep.Unavailable unavailable when command is not null => IgnoredCommand(key, status, command, unavailable.Reason),
            StateMachineStep.Unavailable unavailable => new TicketOutcome(key, TicketOutcomeKind.Failed, $"{key}: would fail ({unavailable.Reason})") { From = status },
            var other => new TicketOutcome(key, TicketOutcomeKind.Failed, $"{key}: the state machine answered {other}, which this processor does not know"),
        };

    private static string Describe(IReadOnlyList<JiraField> fields) =>
        (fields.Count == 1 ? "field " : "fields ") + string.Join(", ", fields);

    /// <summary>How to give the fields: <c>add them to state "done" of the project's statemachine: state "done" { fields = { resolution = … } }</c>.</summary>
    private static string FieldsFix(StateMachineStep.Move move, IReadOnlyList<JiraField> missing) =>
        $"add {(missing.Count == 1 ? "it" : "them")} to the project's statemachine: state \"{move.StateId}\" {{ fields = {{ {string.Join(", ", missing.Select(f => f.Id + " = …"))} }} }}";

    /// <summary>The move a claim's note describes (<c>To Do→In Progress</c>), or <see langword="null"/> for none (<c>&lt;end&gt;</c>).</summary>
    private static (string From, string To)? NotedMove(string? note)
    {
        var arrow = note?.LastIndexOf(NoteArrow, StringComparison.Ordinal) ?? -1;
        return arrow < 0 ? null : (note![..arrow], note[(arrow + NoteArrow.Length)..]);
    }

    private static TicketOutcome NotClaimed(string key, IdempotencyClaimStatus status, ILogger log)
    {
        if (status == IdempotencyClaimStatus.AlreadyDone)
        {
            log.TicketAlreadyDone(key);
            return new TicketOutcome(key, TicketOutcomeKind.Unchanged, $"{key}: already done for this delivery");
        }

        return Retry(key, "another job's attempt is handling it for this delivery; it is free again when that attempt ends", after: null, log);
    }

    private static TicketOutcome FromProblem(string key, JiraProblem problem, ILogger log)
    {
        switch (problem.Kind)
        {
            case JiraProblemKind.NotFound:
                log.TicketNotFound(key, problem.Message);
                return new TicketOutcome(key, TicketOutcomeKind.Skipped, $"{key}: skipped (not found, or not visible to the account)");
            case JiraProblemKind.Throttled:
                return Retry(key, problem.Message, problem.RetryAfter, log) with { Cause = RetryCause.Throttled };
            case JiraProblemKind.Unavailable:
                return Retry(key, problem.Message, problem.RetryAfter, log) with { Cause = RetryCause.Unavailable };
            default:
                return Fail(key, problem.Message, log);
        }
    }

    /// <summary>A command the ticket's state has no event for: said, never a failed job, and the ticket left where it is.</summary>
    private static TicketOutcome Ignored(string key, string status, TicketCommand command, string reason, ILogger log)
    {
        log.CommandIgnored(key, command.Event, status, command.Origin);
        return IgnoredCommand(key, status, command, reason);
    }

    /// <summary><paramref name="outcome"/>, saying which command asked for it when one did.</summary>
    private static TicketOutcome AskedBy(TicketCommand? command, TicketOutcome outcome) =>
        command is null ? outcome : outcome with { Summary = $"{outcome.Summary} ({command.Origin})" };

    private static TicketOutcome IgnoredCommand(string key, string status, TicketCommand command, string reason) =>
        new(key, TicketOutcomeKind.Skipped, $"{key}: ignored (no event {command.Event} from {status}, asked by {command.Origin}: {reason})") { From = status };

    private static TicketOutcome Fail(string key, string reason, ILogger log)
    {
        log.TicketFailed(key, reason);
        return new TicketOutcome(key, TicketOutcomeKind.Failed, $"{key}: failed ({reason})");
    }

    private static TicketOutcome Retry(string key, string reason, TimeSpan? after, ILogger log)
    {
        log.TicketNeedsRetry(key, reason);
        return new TicketOutcome(key, TicketOutcomeKind.NeedsRetry, $"{key}: retry ({reason})", after);
    }

    /// <summary>One ticket being moved: its key, project and current status, and the delivery moving it.</summary>
    private sealed record Ticket(string Key, string Project, string Status, string DeliveryId, CodeReference? Reference)
    {
        /// <summary>The once-per-delivery claim of the move: <c>{delivery}:{key}</c>.</summary>
        public string IdempotencyKey => $"{DeliveryId}:{Key}";
    }
}

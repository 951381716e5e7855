namespace Unotify.Sdk;

/// <summary>
/// How the job of the worker this one follows (<c>after:</c> in <c>workers.yaml</c>) ended for the same delivery: a
/// notifier says it in its message ("SOC-1 To Do → In Progress").
/// </summary>
/// <param name="Worker">The followed worker's name.</param>
/// <param name="DeadLettered"><see langword="true"/> when its job failed for good (dead-lettered), <see langword="false"/> when it was done.</param>
/// <param name="Summary">Its result's summary when done, or why it was dead-lettered.</param>
/// <param name="Items">What became of each item, as its processor reported them; empty when it reported none.</param>
public sealed record FollowedOutcome(string Worker, bool DeadLettered, string Summary, IReadOnlyList<ItemOutcome> Items);

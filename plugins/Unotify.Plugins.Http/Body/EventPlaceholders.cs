using System.Globalization;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>The values a body template's <c>{{name}}</c> placeholders stand for.</summary>
internal static class EventPlaceholders
{
    /// <summary>Every placeholder name, with how its value is found in an event.</summary>
    private static readonly Dictionary<string, Func<WebhookEvent, string?>> _values = new(StringComparer.Ordinal)
    {
        ["kind"] = e => e.Kind,
        ["provider"] = e => e.Provider,
        ["repository"] = e => e.Repository ?? e.RepoId,
        ["repo_id"] = e => e.RepoId,
        ["delivery_id"] = e => e.DeliveryId,
        ["received_at"] = e => e.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
        ["url"] = e => e.Url,
        ["actor"] = e => e.Actor,
        ["title"] = e => e.FirstText(TextSource.Title) ?? e.FirstText(TextSource.ReleaseName),
        ["body"] = e => e.FirstText(TextSource.Body) ?? e.FirstText(TextSource.ReleaseNotes),
        ["branch"] = e => e.FirstText(TextSource.Branch),
        ["tickets"] = e => string.Join(", ", TicketKeys.In(e)),
    };

    /// <summary>What the worker this one follows (<c>after:</c>) did with the event, item by item; see <see cref="OutcomesText"/>.</summary>
    public const string Outcomes = "outcomes";

    /// <summary>The placeholder names, for error messages and the docs.</summary>
    public static IEnumerable<string> Names => _values.Keys.Append(Outcomes);

    public static bool IsKnown(string name) => name == Outcomes || _values.ContainsKey(name);

    /// <summary>
    /// The value of <paramref name="name"/> for <paramref name="webhookEvent"/> and the outcome of the worker followed,
    /// <paramref name="followed"/>; empty when there is none.
    /// </summary>
    public static string ValueOf(string name, WebhookEvent webhookEvent, FollowedOutcome? followed) =>
        name == Outcomes ? OutcomesText(followed) : _values[name](webhookEvent) ?? string.Empty;

    /// <summary>
    /// Each item of the followed worker's outcome: a moved one as its subject and move (<c>SOC-1 To Do → In Progress</c>),
    /// any other as its subject and detail (<c>SOC-2 already in Done</c>); for a dead-lettered job without items,
    /// <c>atlassian failed: …</c>; empty without an outcome.
    /// </summary>
    public static string OutcomesText(FollowedOutcome? followed) => followed switch
    {
        null => string.Empty,
        { Items.Count: > 0 } => string.Join(", ", followed.Items.Select(ItemText)),
        { DeadLettered: true } => $"{followed.Worker} failed: {followed.Summary}",
        _ => string.Empty,
    };

    private static string ItemText(ItemOutcome item) =>
        item is { Kind: ItemOutcomeKind.Moved, From: { } from, To: { } to } ? $"{item.Subject} {from} → {to}" : $"{item.Subject} {item.Detail}";
}

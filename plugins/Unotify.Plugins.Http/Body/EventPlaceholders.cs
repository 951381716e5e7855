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

    /// <summary>The placeholder names, for error messages and the docs.</summary>
    public static IEnumerable<string> Names => _values.Keys;

    public static bool IsKnown(string name) => _values.ContainsKey(name);

    /// <summary>The value of <paramref name="name"/> for <paramref name="webhookEvent"/>; empty when the event has none.</summary>
    public static string ValueOf(string name, WebhookEvent webhookEvent) => _values[name](webhookEvent) ?? string.Empty;
}

using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// A chat notifier's message templates: one per event kind (<c>templates: { pull_request.merged: "…" }</c>), else the
/// worker's <c>template</c>, else a default that reads well for each kind the built-in providers produce.
/// </summary>
internal sealed class ChatTemplates
{
    /// <summary>The defaults, by event kind; other kinds get <see cref="FallbackDefault"/>.</summary>
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        [EventKinds.PullRequestMerged] = "{{actor}} merged \"{{title}}\" in {{repository}}",
        [EventKinds.MergeRequestMerged] = "{{actor}} merged \"{{title}}\" in {{repository}}",
        [EventKinds.ReleasePublished] = "{{actor}} published {{title}} of {{repository}}",
        [EventKinds.Push] = "{{actor}} pushed to {{branch}} in {{repository}}",
    };

    private const string FallbackDefault = "{{kind}} in {{repository}}";

    private static readonly Dictionary<string, EventBodyTemplate> ParsedDefaults =
        Defaults.ToDictionary(pair => pair.Key, pair => EventBodyTemplate.ParseText(pair.Value, problem => new InvalidOperationException(problem)), StringComparer.Ordinal);

    private static readonly EventBodyTemplate ParsedFallback = EventBodyTemplate.ParseText(FallbackDefault, problem => new InvalidOperationException(problem));

    private readonly EventBodyTemplate? _all;
    private readonly IReadOnlyDictionary<string, EventBodyTemplate> _byKind;

    private ChatTemplates(EventBodyTemplate? all, IReadOnlyDictionary<string, EventBodyTemplate> byKind)
    {
        _all = all;
        _byKind = byKind;
    }

    /// <summary>Reads the templates; <paramref name="error"/> makes the exception for a setting with an unknown placeholder.</summary>
    public static ChatTemplates Read(string? all, IReadOnlyDictionary<string, string> byKind, Func<string, string, Exception> error) =>
        new(
            all is null ? null : EventBodyTemplate.ParseText(all, problem => error(ChatNotifierSettingsReader.TemplateKey, problem)),
            byKind.ToDictionary(pair => pair.Key, pair => EventBodyTemplate.ParseText(pair.Value, problem => error($"{ChatNotifierSettingsReader.TemplatesPrefix}{pair.Key}", problem)), StringComparer.Ordinal));

    /// <summary>
    /// The message for <paramref name="webhookEvent"/>: the kind's template, the worker's, or the default, which ends
    /// with what the followed worker did (<paramref name="followed"/>: <c>SOC-1 To Do → In Progress</c>) when there is
    /// one, else with the tickets the event names.
    /// </summary>
    public ChatMessage MessageFor(WebhookEvent webhookEvent, FollowedOutcome? followed = null)
    {
        var title = webhookEvent.FirstText(TextSource.Title) ?? webhookEvent.FirstText(TextSource.ReleaseName);
        var configured = _byKind.GetValueOrDefault(webhookEvent.Kind) ?? _all;
        if (configured is not null)
        {
            return new ChatMessage(configured.Render(webhookEvent, followed), title, webhookEvent.Url);
        }

        var text = (ParsedDefaults.GetValueOrDefault(webhookEvent.Kind) ?? ParsedFallback).Render(webhookEvent);
        var outcomes = EventPlaceholders.OutcomesText(followed);
        var tickets = TicketKeys.In(webhookEvent);
        var end = outcomes.Length > 0 ? outcomes : string.Join(", ", tickets);
        return new ChatMessage(end.Length == 0 ? text : $"{text} · {end}", title, webhookEvent.Url);
    }
}

using System.Text.Json;

namespace Unotify.Sdk;

/// <summary>
/// A verified delivery in a provider-neutral shape: what happened, where, and the texts that may name tickets.
/// </summary>
/// <remarks>
/// Events are stored in the queue: every property but <see cref="Payload"/> as JSON, the payload after it as it is.
/// </remarks>
public sealed record WebhookEvent
{
    /// <summary>The sender's unique id for this delivery (GitHub's <c>X-GitHub-Delivery</c>); kept across redeliveries.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>The provider name (<c>github</c>).</summary>
    public required string Provider { get; init; }

    /// <summary>The repository id the hook was registered for.</summary>
    public required string RepoId { get; init; }

    /// <summary>The repository's full name (<c>owner/name</c>) when the payload or registration gives one.</summary>
    public string? Repository { get; init; }

    /// <summary>
    /// What happened, as <c>event.action</c> or <c>event</c>: <c>pull_request.merged</c>, <c>pull_request.opened</c>,
    /// <c>release.published</c>, <c>push</c>. See <see cref="EventKinds"/>.
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>When the host received the delivery.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The texts that may name tickets, each tagged with its source; empty when there are none.</summary>
    public IReadOnlyList<EventText> Texts { get; init; } = [];

    /// <summary>A link to what the event is about (the pull request, the release, the compare view), for notifications.</summary>
    public string? Url { get; init; }

    /// <summary>Who caused the event (a login), for notifications.</summary>
    public string? Actor { get; init; }

    /// <summary>
    /// The payload exactly as the provider read it from the request (for GitHub the JSON body, or the decoded
    /// <c>payload</c> field of a form delivery), for processors that need more than the fields above. The queue stores
    /// and returns these bytes verbatim; <see cref="ParsePayload"/> reads them as JSON.
    /// </summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Parses <see cref="Payload"/> as JSON (at most 128 levels deep); dispose the document.</summary>
    /// <returns>The document.</returns>
    /// <exception cref="JsonException">The payload is not JSON (a provider may accept other bodies).</exception>
    public JsonDocument ParsePayload() => JsonDocument.Parse(Payload, new JsonDocumentOptions { MaxDepth = 128 });

    /// <summary>The first text from <paramref name="source"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="source">The source to look for.</param>
    /// <returns>The text or <see langword="null"/>.</returns>
    public string? FirstText(TextSource source)
    {
        foreach (var text in Texts)
        {
            if (text.Source == source)
            {
                return text.Text;
            }
        }

        return null;
    }
}

using System.Text;
using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.GitLab;

/// <summary>
/// The <c>gitlab</c> provider: checks <c>X-Gitlab-Token</c> and reads merge request, push, tag push, release and any
/// other GitLab event into a <see cref="WebhookEvent"/>. A merged merge request is <c>merge_request.merged</c>, a
/// created release <c>release.published</c>.
/// </summary>
/// <remarks>Stateless and thread-safe; neither method throws for bad input.</remarks>
public sealed class GitLabWebhookProvider : IWebhookProvider
{
    /// <summary>The provider's name in payload URLs and <c>on:</c> filters.</summary>
    public const string ProviderName = "gitlab";

    private const string JsonMediaType = "application/json";

    // How deeply a payload's values may nest (a document's default is 64; GitLab's payloads nest a few levels).
    private const int MaxDepth = 128;

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public IReadOnlyList<string> MediaTypes { get; } = [JsonMediaType];

    /// <inheritdoc />
    public string? FindDeliveryId(WebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return GitLabHeaders.DeliveryIds.Select(headers.GetValueOrNull).FirstOrDefault(id => id is not null);
    }

    /// <inheritdoc />
    public SignatureVerification Verify(WebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GitLabTokenVerifier.Verify(request.Headers.GetValueOrNull(GitLabHeaders.Token), secret);
    }

    /// <inheritdoc />
    public WebhookParseResult Parse(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var eventName = request.Headers.GetValueOrNull(GitLabHeaders.Event);
        if (eventName is null)
        {
            return Rejected($"The request has no {GitLabHeaders.Event} header; GitLab sends the event name (Merge Request Hook, Push Hook, …) there. Is the hook pointed at the right provider?");
        }

        var deliveryId = FindDeliveryId(request.Headers);
        if (deliveryId is null)
        {
            return Rejected($"The request has none of {string.Join(", ", GitLabHeaders.DeliveryIds)}; current GitLab versions send a delivery id there (the host de-duplicates on it); upgrade GitLab or add one.");
        }

        if (EventIdentifiers.Problem(eventName) is { } eventProblem)
        {
            return Rejected($"The {GitLabHeaders.Event} header {eventProblem}; GitLab sends an event name such as Merge Request Hook there.");
        }

        if (EventIdentifiers.Problem(deliveryId) is { } deliveryProblem)
        {
            return Rejected($"The delivery id header ({string.Join(" or ", GitLabHeaders.DeliveryIds)}) {deliveryProblem}; GitLab sends a UUID there.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(request.Body.Span))
        {
            return Rejected($"The {eventName} payload is not valid UTF-8; GitLab sends JSON in UTF-8.");
        }

        GitLabPayload payload;
        try
        {
            payload = GitLabPayloadReader.Read(request.Body.Span, MaxDepth);
        }
        catch (JsonException exception)
        {
            return Rejected($"The {eventName} payload is not valid JSON ({exception.Message}); GitLab sends one JSON object.");
        }

        if (payload.RootKind != JsonValueKind.Object)
        {
            return Rejected($"The {eventName} payload is a JSON {payload.RootKind.ToString().ToLowerInvariant()}, not an object; GitLab sends one JSON object.");
        }

        // System hooks name some events only in event_name.
        var objectKind = payload.ObjectKind ?? payload.EventName;
        if (string.IsNullOrEmpty(objectKind))
        {
            return Rejected($"The {eventName} payload has neither object_kind nor event_name; GitLab names the payload's kind there.");
        }

        var reading = GitLabEventReader.Read(objectKind, payload);
        if (EventIdentifiers.Problem(reading.Kind) is { } kindProblem)
        {
            return Rejected($"The event kind made of the payload's object_kind and action {kindProblem}; GitLab's kinds are short words such as merge_request.");
        }

        return new WebhookParseResult.Accepted(new WebhookEvent
        {
            DeliveryId = deliveryId,
            Provider = ProviderName,
            RepoId = request.RepoId,
            Repository = payload.ProjectPath ?? request.RepoPath,
            Kind = reading.Kind,
            ReceivedAt = request.ReceivedAt,
            Texts = reading.Texts,
            Url = reading.Url,
            Actor = reading.Actor,
            Payload = request.Body,
        });
    }

    private static WebhookParseResult.Rejected Rejected(string error) => new(error);
}

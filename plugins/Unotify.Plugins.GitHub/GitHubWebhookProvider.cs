using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// The <c>github</c> provider: verifies <c>X-Hub-Signature-256</c> and reads pull request, release, push and any
/// other GitHub event into a <see cref="WebhookEvent"/>.
/// </summary>
/// <remarks>Stateless and thread-safe; neither method throws for bad input.</remarks>
public sealed class GitHubWebhookProvider : IWebhookProvider
{
    /// <summary>The provider's name in payload URLs and <c>on:</c> filters.</summary>
    public const string ProviderName = "github";

    private const int MaxDepth = 128;

    /// <summary>The built-in <c>github</c> provider.</summary>
    public GitHubWebhookProvider()
        : this(ProviderName)
    {
    }

    /// <summary>A provider that reads GitHub's deliveries under another name (a <c>providers:</c> entry of type <c>github</c>).</summary>
    /// <param name="name">The name in payload URLs, <c>on:</c> filters and the events it makes.</param>
    internal GitHubWebhookProvider(string name) => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <remarks>GitHub's two content types: <c>application/json</c> and the form with a <c>payload</c> field.</remarks>
    public IReadOnlyList<string> MediaTypes { get; } = ["application/json", "application/*+json", "application/x-www-form-urlencoded"];

    /// <inheritdoc />
    public string? FindDeliveryId(WebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.GetValueOrNull(GitHubHeaders.Delivery);
    }

    /// <inheritdoc />
    public SignatureVerification Verify(WebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GitHubSignatureVerifier.Verify(
            request.Headers.GetValueOrNull(GitHubHeaders.Signature256), request.Body.Span, secret);
    }

    /// <inheritdoc />
    public WebhookParseResult Parse(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var eventName = request.Headers.GetValueOrNull(GitHubHeaders.Event);
        if (eventName is null)
        {
            return MissingHeader(GitHubHeaders.Event, "the event name, for example pull_request");
        }

        var deliveryId = request.Headers.GetValueOrNull(GitHubHeaders.Delivery);
        if (deliveryId is null)
        {
            return MissingHeader(GitHubHeaders.Delivery, "the delivery's unique id");
        }

        if (EventIdentifiers.Problem(eventName) is { } eventProblem)
        {
            return new WebhookParseResult.Rejected($"The {GitHubHeaders.Event} header {eventProblem}; GitHub sends an event name such as pull_request there.");
        }

        if (EventIdentifiers.Problem(deliveryId) is { } deliveryProblem)
        {
            return new WebhookParseResult.Rejected($"The {GitHubHeaders.Delivery} header {deliveryProblem}; GitHub sends the delivery's GUID there.");
        }

        if (eventName == "ping")
        {
            return new WebhookParseResult.Ignored("ping");
        }

        if (!GitHubPayloadBody.TryGetJson(request.ContentType, request.Body, out var json, out var bodyError))
        {
            return new WebhookParseResult.Rejected(bodyError);
        }

        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            return new WebhookParseResult.Rejected($"The {eventName} payload is not valid UTF-8; GitHub sends JSON in UTF-8.");
        }

        GitHubPayload payload;
        try
        {
            payload = GitHubPayloadReader.Read(json.Span, MaxDepth);
        }
        catch (JsonException exception)
        {
            return new WebhookParseResult.Rejected(
                $"The {eventName} payload is not valid JSON ({exception.Message}); GitHub sends one JSON object.");
        }

        if (payload.RootKind != JsonValueKind.Object)
        {
            return new WebhookParseResult.Rejected(
                $"The {eventName} payload is a JSON {payload.RootKind.ToString().ToLowerInvariant()}, not an object; GitHub sends one JSON object.");
        }

        var reading = GitHubEventReader.Read(eventName, payload);
        if (EventIdentifiers.Problem(reading.Kind) is { } kindProblem)
        {
            return new WebhookParseResult.Rejected($"The event kind made of the {GitHubHeaders.Event} header and the payload's action {kindProblem}; GitHub's actions are short words such as closed.");
        }

        return new WebhookParseResult.Accepted(new WebhookEvent
        {
            DeliveryId = deliveryId,
            Provider = Name,
            RepoId = request.RepoId,
            Repository = payload.RepositoryFullName ?? request.RepoPath,
            Kind = reading.Kind,
            ReceivedAt = request.ReceivedAt,
            Texts = reading.Texts,
            Url = reading.Url,
            Actor = payload.SenderLogin,
            Payload = json,
        });
    }

    private static WebhookParseResult.Rejected MissingHeader(string header, string what) =>
        new($"The request has no {header} header; GitHub sends {what} there. Is the hook pointed at the right provider?");
}

using System.Security.Cryptography;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac;

/// <summary>
/// The configurable <c>hmac</c> provider for any sender that signs its body with an HMAC: each entry of
/// <c>providers:</c> with <c>type: hmac</c> is one instance, named by its key, with its own header, algorithm
/// (sha1, sha256, sha512), prefix and encoding (hex, base64).
/// </summary>
/// <remarks>
/// Stateless and thread-safe; neither method throws for bad input. The event kind comes from <c>event_header</c>
/// (lower case), else it is <c>webhook</c>; the delivery id from <c>delivery_header</c>, else the body's SHA-256, so a
/// redelivered body is de-duplicated.
/// </remarks>
[ConfigurableProvider(TypeName)]
public sealed class HmacWebhookProvider : IWebhookProvider
{
    /// <summary>The provider type's name, written as <c>type: hmac</c> under <c>providers:</c>.</summary>
    public const string TypeName = "hmac";

    /// <summary>The kind of every event when no <c>event_header</c> is configured.</summary>
    public const string DefaultKind = "webhook";

    private readonly HmacProviderOptions _options;
    private readonly HmacSignatureVerifier _verifier;

    /// <summary>Creates one configured instance.</summary>
    /// <param name="settings">The instance's name and settings from <c>providers:</c>.</param>
    /// <exception cref="ProcessorSettingsException">A setting is missing or bad.</exception>
    public HmacWebhookProvider(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = settings.Name;
        _options = HmacProviderOptions.Read(settings);
        _verifier = new HmacSignatureVerifier(_options.Algorithm, _options.Prefix, _options.Encoding);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <remarks>JSON, structured-syntax JSON and forms; the body is kept as it is either way.</remarks>
    public IReadOnlyList<string> MediaTypes { get; } = ["application/json", "application/*+json", "application/x-www-form-urlencoded"];

    /// <inheritdoc />
    public string? FindDeliveryId(WebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return _options.DeliveryHeader is { } header ? headers.GetValueOrNull(header) : null;
    }

    /// <inheritdoc />
    public SignatureVerification Verify(WebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _verifier.Verify(request.Headers.GetValueOrNull(_options.Header), request.Body.Span, secret);
    }

    /// <inheritdoc />
    public WebhookParseResult Parse(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = DefaultKind;
        if (_options.EventHeader is { } eventHeader)
        {
            if (request.Headers.GetValueOrNull(eventHeader) is not { } eventName)
            {
                return MissingHeader(eventHeader, "the event name");
            }

            if (EventIdentifiers.Problem(eventName) is { } problem)
            {
                return new WebhookParseResult.Rejected($"The {eventHeader} header {problem}; it must name the event in at most {EventIdentifiers.MaxLength} printable characters.");
            }

            kind = eventName.ToLowerInvariant();
        }

        string deliveryId;
        if (_options.DeliveryHeader is { } deliveryHeader)
        {
            if (request.Headers.GetValueOrNull(deliveryHeader) is not { } delivery)
            {
                return MissingHeader(deliveryHeader, "the delivery's unique id");
            }

            if (EventIdentifiers.Problem(delivery) is { } problem)
            {
                return new WebhookParseResult.Rejected($"The {deliveryHeader} header {problem}; it must carry the delivery's id in at most {EventIdentifiers.MaxLength} printable characters.");
            }

            deliveryId = delivery;
        }
        else
        {
            // The same body sent again gets the same id, so the host's de-duplication drops redeliveries.
            deliveryId = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span));
        }

        var texts = HmacPayload.Texts(request.Body, _options.TextFields);
        return new WebhookParseResult.Accepted(new WebhookEvent
        {
            DeliveryId = deliveryId,
            Provider = Name,
            RepoId = request.RepoId,
            Repository = request.RepoPath,
            Kind = kind,
            ReceivedAt = request.ReceivedAt,
            Texts = texts,
            Payload = request.Body,
        });
    }

    private WebhookParseResult.Rejected MissingHeader(string header, string what) =>
        new($"The request has no {header} header; the '{Name}' provider is configured to read {what} from it. Send the header, or change the provider's settings in workers.yaml.");
}

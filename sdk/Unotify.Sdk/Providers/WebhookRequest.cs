namespace Unotify.Sdk;

/// <summary>
/// One webhook delivery as the host received it, before anything was trusted.
/// </summary>
public sealed class WebhookRequest
{
    /// <summary>The provider name from the URL, lower case (<c>github</c>).</summary>
    public required string Provider { get; init; }

    /// <summary>The repository id from the URL, as the hook was registered.</summary>
    public required string RepoId { get; init; }

    /// <summary>
    /// The repository path (<c>owner/name</c>) given when the hook was registered, or <see langword="null"/> when
    /// none was given.
    /// </summary>
    public string? RepoPath { get; init; }

    /// <summary>The request headers; names compare case-insensitively.</summary>
    public required WebhookHeaders Headers { get; init; }

    /// <summary>
    /// The raw body bytes exactly as received: signatures are computed over these. The memory is the host's and is
    /// reused once the request is answered; an event may refer to it (its <see cref="WebhookEvent.Payload"/>), because
    /// the host copies what it keeps before it answers.
    /// </summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// The media type of the body without parameters, lower case (<c>application/json</c>): always one of the
    /// provider's <see cref="IWebhookProvider.MediaTypes"/>, because the host answers 415 to any other.
    /// </summary>
    public required string ContentType { get; init; }

    /// <summary>When the host received the request.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}

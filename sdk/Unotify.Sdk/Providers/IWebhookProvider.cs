namespace Unotify.Sdk;

/// <summary>
/// Turns the HTTP requests of one webhook sender (GitHub, GitLab, …) into <see cref="WebhookEvent"/>s.
/// </summary>
/// <remarks>
/// The host calls <see cref="Verify"/> first and calls <see cref="Parse"/> only for a request whose signature
/// was <see cref="SignatureVerification.Valid"/>, so a parser never sees an unverified body.
/// Both methods are called concurrently from many requests: an implementation must be thread-safe and should
/// keep no per-request state. Neither method should throw for bad input: a malformed request is an expected
/// outcome, reported through the return value. An exception that escapes is logged by the host and answered
/// with 500, so it is reserved for bugs (an <see cref="OutOfMemoryException"/> is answered 503 with Retry-After: the
/// host is too small for what it was sent at once, and the sender may try again).
/// </remarks>
public interface IWebhookProvider
{
    /// <summary>
    /// The provider's name as it appears in the payload URL (<c>/conduit/webhooks/{provider}/{repoId}/payload</c>)
    /// and in the <c>on:</c> filters of <c>workers.yaml</c>; lower case, for example <c>github</c>.
    /// </summary>
    string Name { get; }

    /// <summary>
    /// The media types the provider reads, lower case and without parameters (<c>application/json</c>,
    /// <c>application/x-www-form-urlencoded</c>); <c>application/*+json</c> stands for every structured-syntax JSON
    /// type. The host answers 415, naming these, to a request with any other <c>Content-Type</c> or none, before it
    /// reads the body.
    /// </summary>
    IReadOnlyList<string> MediaTypes { get; }

    /// <summary>
    /// The delivery's id as the sender states it in <paramref name="headers"/> (GitHub's <c>X-GitHub-Delivery</c>), or
    /// <see langword="null"/> when they carry none. The host calls it before anything is verified, so that every log
    /// line about the delivery carries the id; it must not throw, and its answer is not trusted for anything else.
    /// </summary>
    /// <param name="headers">The request's headers.</param>
    /// <returns>The id, or <see langword="null"/>.</returns>
    string? FindDeliveryId(WebhookHeaders headers);

    /// <summary>
    /// Checks that <paramref name="request"/> was signed with <paramref name="secret"/>.
    /// </summary>
    /// <param name="request">The request exactly as received; the signature covers its raw body.</param>
    /// <param name="secret">The hook's shared secret, as it was given to the sender.</param>
    /// <returns>
    /// <see cref="SignatureVerification.Valid"/> only when the signature matches; otherwise why not.
    /// Comparisons must take constant time, and the result never carries the expected signature.
    /// </returns>
    SignatureVerification Verify(WebhookRequest request, string secret);

    /// <summary>
    /// Reads a verified request into an event, or says why it carries no event for Unotify.
    /// </summary>
    /// <param name="request">A request whose signature <see cref="Verify"/> found valid.</param>
    /// <returns>
    /// <see cref="WebhookParseResult.Accepted"/> with the event to queue,
    /// <see cref="WebhookParseResult.Ignored"/> for a request that needs no processing (GitHub's <c>ping</c>),
    /// or <see cref="WebhookParseResult.Rejected"/> for a malformed request (answered with 400).
    /// </returns>
    WebhookParseResult Parse(WebhookRequest request);
}


namespace Unotify.Sdk;

/// <summary>The outcome of <see cref="IWebhookProvider.Parse"/>: accepted, ignored or rejected.</summary>
public abstract record WebhookParseResult
{
    private protected WebhookParseResult()
    {
    }

    /// <summary>The request carries an event to queue.</summary>
    /// <param name="Event">The event.</param>
    public sealed record Accepted(WebhookEvent Event) : WebhookParseResult;

    /// <summary>The request is genuine but needs no processing (GitHub's <c>ping</c>); answered with 200.</summary>
    /// <param name="Reason">Why, for the response and the log (<c>ping</c>).</param>
    public sealed record Ignored(string Reason) : WebhookParseResult;

    /// <summary>The request is malformed; answered with 400 and <paramref name="Error"/> as the message.</summary>
    /// <param name="Error">What is wrong and, where it helps, what the sender should send instead.</param>
    public sealed record Rejected(string Error) : WebhookParseResult;
}

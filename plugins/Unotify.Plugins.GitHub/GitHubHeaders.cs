namespace Unotify.Plugins.GitHub;

/// <summary>The request headers GitHub sends with every webhook delivery.</summary>
internal static class GitHubHeaders
{
    /// <summary>The event name (<c>pull_request</c>, <c>push</c>, <c>ping</c>, …).</summary>
    public const string Event = "X-GitHub-Event";

    /// <summary>A GUID unique to the delivery, kept when GitHub redelivers it.</summary>
    public const string Delivery = "X-GitHub-Delivery";

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of the raw body keyed with the hook's secret.</summary>
    public const string Signature256 = "X-Hub-Signature-256";
}

namespace Unotify.Plugins.GitLab;

/// <summary>The request headers GitLab sends with webhook deliveries.</summary>
internal static class GitLabHeaders
{
    /// <summary>The hook's secret token, in plain text.</summary>
    public const string Token = "X-Gitlab-Token";

    /// <summary>The event name (<c>Merge Request Hook</c>, <c>Push Hook</c>, <c>Tag Push Hook</c>, <c>Release Hook</c>, …).</summary>
    public const string Event = "X-Gitlab-Event";

    /// <summary>Unique per delivery and kept when GitLab retries it (GitLab 17.4 and later).</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>A UUID of the event that triggered the hook.</summary>
    public const string EventUuid = "X-Gitlab-Event-UUID";

    /// <summary>A UUID of the webhook delivery (GitLab 16.2 and later).</summary>
    public const string WebhookUuid = "X-Gitlab-Webhook-UUID";

    /// <summary>The delivery id headers, best first: the one GitLab keeps across its own retries comes first.</summary>
    public static IReadOnlyList<string> DeliveryIds { get; } = [IdempotencyKey, EventUuid, WebhookUuid];
}

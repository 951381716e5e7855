using Unotify.Sdk;

namespace Unotify.Testing.Redis;

/// <summary>Webhook events for queue and routing tests.</summary>
public static class SomeEvents
{
    /// <summary>A merged pull request from GitHub with a fresh delivery id unless one is given.</summary>
    /// <param name="deliveryId">The delivery id, or a new one.</param>
    /// <param name="kind">The event kind.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>The event.</returns>
    public static WebhookEvent PullRequestMerged(string? deliveryId = null, string kind = EventKinds.PullRequestMerged, string provider = "github") => new()
    {
        DeliveryId = deliveryId ?? Guid.NewGuid().ToString(),
        Provider = provider,
        RepoId = "123",
        Repository = "acme/api",
        Kind = kind,
        ReceivedAt = DateTimeOffset.UtcNow,
        Texts = [new EventText(TextSource.Title, "SOC-1 fix login"), new EventText(TextSource.Branch, "feature/soc-1")],
        Url = "https://github.com/acme/api/pull/1",
        Actor = "octocat",
        Payload = """{"action":"closed"}"""u8.ToArray(),
    };
}

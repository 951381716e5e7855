using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Sdk;
using Unotify.Sdk.Testing;

namespace Unotify.Samples.SlackNotifier.Tests;

/// <summary>Test data: events as the GitHub provider produces them, settings and contexts as the host builds them.</summary>
public static class Some
{
    public static WebhookEvent MergedPullRequest(string deliveryId = "d-1") => new()
    {
        DeliveryId = deliveryId,
        Provider = "github",
        RepoId = "1296269",
        Repository = "octocat/Hello-World",
        Kind = EventKinds.PullRequestMerged,
        ReceivedAt = DateTimeOffset.Parse("2026-11-29T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Url = "https://github.com/octocat/Hello-World/pull/1347",
        Actor = "octocat",
        Texts =
        [
            new EventText(TextSource.Title, "SOC-12: login <retries> & timeouts"),
            new EventText(TextSource.Body, "Fixes soc-12 and DEVHOP-7."),
            new EventText(TextSource.Branch, "feature/devhop-7-login"),
        ],
    };

    public static WebhookEvent PublishedRelease(string deliveryId = "d-2") => MergedPullRequest(deliveryId) with
    {
        Kind = EventKinds.ReleasePublished,
        Url = "https://github.com/octocat/Hello-World/releases/tag/v1.0.0",
        Texts =
        [
            new EventText(TextSource.ReleaseName, "v1.0.0"),
            new EventText(TextSource.ReleaseNotes, "* SOC-3 faster start\n* SOC-4 fewer retries"),
        ],
    };

    public static ProcessorSettings Settings(params (string Key, string Value)[] values) =>
        new ProcessorContextBuilder().WithWorker("notify").WithSettings(values).BuildSettings();

    public static ProcessorContext Context(IIdempotencyStore? idempotency = null) =>
        new ProcessorContextBuilder().WithWorker("notify").WithIdempotency(idempotency ?? new InMemoryIdempotencyStore()).Build();

    public static SlackNotifierProcessor Notifier(FakeSlackServer slack, HttpClient http, string timeout = "10s") => new(
        NullLogger<SlackNotifierProcessor>.Instance,
        http,
        Settings(("webhook_url", slack.WebhookUrl.ToString()), ("timeout", timeout)),
        TimeProvider.System);
}

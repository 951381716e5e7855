using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Unotify.Plugins.GitHub;
using Unotify.Sdk;
using Unotify.Sdk.Testing;

namespace Unotify.Plugins.Http.Tests;

/// <summary>Events made by the GitHub provider from the payload fixtures, and processors pointed at a receiver.</summary>
internal static class Some
{
    /// <summary>tests/fixtures/github/pull_request.closed.json, merged, with a title, body and branch that name tickets.</summary>
    public static WebhookEvent MergedPullRequest(string deliveryId = "72d3162e-cc78-11e3-81ab-4c9367dc0958")
    {
        var payload = Fixture("pull_request.closed.json");
        var pullRequest = payload["pull_request"]!;
        pullRequest["merged"] = true;
        pullRequest["title"] = "SOC-12: say \"hello\" <b>&</b> wave";
        pullRequest["body"] = "Also fixes soc-13.\nSee DEVHOP-7.";
        pullRequest["head"]!["ref"] = "feature/devhop-7-wave";
        return Parse("pull_request", payload, deliveryId);
    }

    /// <summary>tests/fixtures/github/release.published.json, named, with notes that name a ticket.</summary>
    public static WebhookEvent PublishedRelease(string deliveryId = "d-release")
    {
        var payload = Fixture("release.published.json");
        payload["release"]!["name"] = "v0.0.1";
        payload["release"]!["body"] = "Ships SOC-3.";
        return Parse("release", payload, deliveryId);
    }

    public static ProcessorContextBuilder Worker(params (string Key, string Value)[] settings) =>
        new ProcessorContextBuilder().WithWorker("hooks").WithSettings(settings);

    public static HttpEventProcessor Processor(HttpClient http, params (string Key, string Value)[] settings) =>
        Processor(http, Worker(settings).BuildSettings());

    public static HttpEventProcessor Processor(HttpClient http, ProcessorSettings settings) =>
        new(NullLogger<HttpEventProcessor>.Instance, http, settings, TimeProvider.System, IRequestLimiter.Unlimited);

    private static WebhookEvent Parse(string eventName, JsonNode payload, string deliveryId)
    {
        var request = new WebhookRequest
        {
            Provider = "github",
            RepoId = "186853002",
            Headers = new WebhookHeaders([KeyValuePair.Create("X-GitHub-Event", eventName), KeyValuePair.Create("X-GitHub-Delivery", deliveryId)]),
            Body = Encoding.UTF8.GetBytes(payload.ToJsonString()),
            ContentType = "application/json",
            ReceivedAt = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero),
        };
        return new GitHubWebhookProvider().Parse(request).Should().BeOfType<WebhookParseResult.Accepted>().Subject.Event;
    }

    private static JsonNode Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "github", name)))!;
}

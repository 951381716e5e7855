using System.Net;
using System.Text;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;

namespace Unotify.Host.Tests.Api;

public sealed class HostileRequestTests
{
    [Fact]
    public async Task A_thousand_malformed_or_hostile_requests_get_no_5xx_and_queue_nothing()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { Role = HostRole.Serve });
        var secret = await host.RegisterAsync("h");
        var merged = Encoding.UTF8.GetBytes(GitHubDelivery.Fixture("pull_request.closed.json").Replace("\"merged\": false", "\"merged\": true", StringComparison.Ordinal));
        var random = new Random(20261129);
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var request = Hostile(i, secret, merged, new Random(random.Next() ^ i));
            using var response = await host.Client.SendAsync(request);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
        });

        statuses.Keys.Should().OnlyContain(status => status >= 400 && status < 500, string.Join(", ", statuses.Select(pair => $"{pair.Key}×{pair.Value}")));
        (await host.CountsAsync()).Should().Be(new Core.Queue.QueueCounts(0, 0, 0));
        using var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static HttpRequestMessage Hostile(int i, string secret, byte[] merged, Random random)
    {
        var truncated = merged[..random.Next(0, merged.Length - 1)];
        var garbage = new byte[random.Next(0, 4096)];
        random.NextBytes(garbage);
        return (i % 10) switch
        {
            // A correct body with a signature made with another secret, or over another body.
            0 => GitHubDelivery.MergedPullRequest().WithBody(merged).SignedWith(secret + "x").ToRequest("h"),
            1 => GitHubDelivery.MergedPullRequest().WithBody(merged).WithSignatureHeader(GitHubDelivery.Sign(secret, truncated)).ToRequest("h"),
            // Truncated JSON and random bytes, correctly signed: the provider must reject them as malformed.
            2 => GitHubDelivery.MergedPullRequest().WithBody(truncated).SignedWith(secret).ToRequest("h"),
            3 => GitHubDelivery.MergedPullRequest().WithBody(garbage).SignedWith(secret).ToRequest("h"),
            // Wrong content types.
            4 => GitHubDelivery.MergedPullRequest().WithBody(merged).WithContentType(random.Next(3) switch { 0 => "text/plain", 1 => "application/xml", _ => "multipart/form-data; boundary=x" }).SignedWith(secret).ToRequest("h"),
            // Huge or odd headers.
            5 => WithHeader(GitHubDelivery.MergedPullRequest().WithBody(merged).SignedWith(secret).ToRequest("h"), "X-Junk", new string('a', random.Next(40_000, 70_000))),
            6 => GitHubDelivery.MergedPullRequest().WithBody(merged).WithSignatureHeader("sha256=" + new string('z', random.Next(0, 200))).ToRequest("h"),
            // Unknown providers and repos, path tricks.
            7 => GitHubDelivery.MergedPullRequest().WithBody(merged).SignedWith(secret).ToRequest(Uri.EscapeDataString("h/../../x" + i), provider: "nope"),
            8 => GitHubDelivery.MergedPullRequest().WithBody(merged).SignedWith(secret).ToRequest(Uri.EscapeDataString(new string('r', random.Next(1, 2000)))),
            // Signed, valid JSON that is not a GitHub event, or lacks its headers.
            _ => WithoutHeader(GitHubDelivery.MergedPullRequest().WithBody("{\"zen\": 1, \"pull_request\": [\"x\"]}").WithEvent(random.Next(2) == 0 ? "pull_request" : "release").SignedWith(secret).ToRequest("h"), random.Next(2) == 0 ? "X-GitHub-Delivery" : "X-GitHub-Event"),
        };
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static HttpRequestMessage WithoutHeader(HttpRequestMessage request, string name)
    {
        request.Headers.Remove(name);
        return request;
    }
}

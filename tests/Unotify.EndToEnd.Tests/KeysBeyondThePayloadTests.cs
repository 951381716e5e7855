using System.Net;
using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.FakeGitHub;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// With an api_token for the github provider (workers.yaml's providers:), the real binary's worker asks the fake GitHub
/// API for what the payload does not carry: a merged pull request's commits, the commits a release ships.
/// </summary>
public sealed class KeysBeyondThePayloadTests
{
    private const string Repository = "Codertocat/Hello-World";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_merged_pull_request_whose_title_names_nothing_moves_the_tickets_its_commits_name_with_the_commits_as_their_source()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.AddPullRequestCommits(Repository, 2,
            ("abc1234aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "SOC-1 fix the form"),
            ("bcd2345bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "tidy up"),
            ("cde3456ccccccccccccccccccccccccccccccccc", "SOC-2 #prev back out the old form"));
        await using var rig = await RigWithGitHubAsync(github);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "In Progress");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "21");
        var delivery = GitHubDeliveries.MergedPullRequest("Login page", branch: "feature/login");

        var (status, body) = await EndToEndRig.PostAsync(host, delivery, "21", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress" && rig.Jira.StatusOf("SOC-2") == "To Do", Patience, "SOC-1 and SOC-2 moved");
        var (items, earlier) = await ItemsOfTheDoneAttemptAsync(rig, host, delivery.DeliveryId);
        items.Select(item => (item!["subject"]!.GetValue<string>(), item["source"]!.GetValue<string>()))
            .Should().Equal(("SOC-1", "commit abc1234"), ("SOC-2", "commit cde3456"));
        github.Requests.Should().OnlyContain(request => request.Header("Authorization") == "Bearer " + github.Token && request.Path == "/repos/Codertocat/Hello-World/pulls/2/commits");
        if (earlier.Count == 0)
        {
            github.Requests.Should().HaveCount(2, "three commits are two pages");
        }
        else
        {
            // Under a loaded machine an attempt may have been retried (the fake GitHub not answering in time): each
            // attempt asks again, and the one that moved the tickets still read both pages.
            github.Requests.Should().HaveCountGreaterThanOrEqualTo(2, "three commits are two pages; earlier attempts: " + string.Join("; ", earlier));
        }
    }

    [Fact]
    public async Task A_published_release_moves_every_ticket_its_commits_since_the_previous_release_name()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.AddRelease(Repository, 17372790, "0.0.1", new DateTimeOffset(2019, 5, 15, 15, 20, 53, TimeSpan.Zero))
            .AddRelease(Repository, 17000000, "0.0.0", new DateTimeOffset(2019, 4, 1, 0, 0, 0, TimeSpan.Zero));
        github.AddComparison(Repository, "0.0.0", "0.0.1", ("a1a1a1a1a1", "SOC-7 faster search"), ("b2b2b2b2b2", "DEVHOP-8 dark mode"));
        await using var rig = await RigWithGitHubAsync(github);
        rig.Jira.AddIssue("SOC-7", "In Progress").AddIssue("DEVHOP-8", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "22");

        var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.PublishedRelease("0.0.1", "Bug fixes"), "22", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-7") == "Done" && rig.Jira.StatusOf("DEVHOP-8") == "In Progress", Patience, "SOC-7 and DEVHOP-8 moved");
    }

    /// <summary>A rig whose workers.yaml is the shipped one with the github provider pointed at <paramref name="github"/>.</summary>
    private static async Task<EndToEndRig> RigWithGitHubAsync(FakeGitHubServer github)
    {
        var yaml = """
            providers:
              github:
                type: github
                settings:
                  api_url: ${FAKE_GITHUB_API_URL}
                  api_token: ${FAKE_GITHUB_TOKEN}

            """ + await File.ReadAllTextAsync(RepositoryLayout.WorkersFile);
        return await EndToEndRig.CreateAsync(Backend.Redis, yaml, new Dictionary<string, string>
        {
            ["FAKE_GITHUB_API_URL"] = github.ApiUrl,
            ["FAKE_GITHUB_TOKEN"] = github.Token,
        });
    }

    /// <summary>
    /// The items of the attempt that finished the job (result <c>done</c>), once it is in the history, and the result and
    /// reason of each attempt before it: a test that read the last attempt as soon as there was one could read a retry
    /// written before the attempt that moved the tickets.
    /// </summary>
    private static async Task<(JsonArray Items, IReadOnlyList<string> Earlier)> ItemsOfTheDoneAttemptAsync(EndToEndRig rig, Testing.Hosting.HostProcess host, string deliveryId)
    {
        using var admin = EndToEndRig.AdminClient(host);
        JsonArray? attempts = null;
        await rig.EventuallyAsync(
            async () =>
            {
                var shown = JsonNode.Parse(await admin.GetStringAsync(new Uri($"/conduit/deliveries/{deliveryId}", UriKind.Relative)))!;
                attempts = shown["data"]![0]!["attempts"]!.AsArray();
                return attempts.Any(attempt => attempt!["result"]!.GetValue<string>() == "done");
            },
            Patience,
            "the attempt that finished the job is in the history");
        var done = attempts!.Single(attempt => attempt!["result"]!.GetValue<string>() == "done")!;
        var earlier = attempts!.TakeWhile(attempt => attempt != done)
            .Select(attempt => $"{attempt!["result"]!.GetValue<string>()}: {attempt["reason"]?.GetValue<string>()}")
            .ToList();
        return (done["items"]!.AsArray(), earlier);
    }
}

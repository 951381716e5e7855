using System.Net;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// The product's promise, through the real binary: HTTP in, Redis queue, worker, Jira plugin loaded from its DLL, the
/// fake Jira out — with the seed's own config/workers.yaml and config/statemachines/jira.hcl.
/// </summary>
public sealed class MergedPullRequestTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.EmbeddedGarnet)]
    [InlineData(Backend.RedisCluster)]
    public async Task A_merged_pull_request_moves_each_named_ticket_of_a_listed_project_one_step(Backend backend)
    {
        await using var rig = await EndToEndRig.CreateAsync(backend);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("DEVHOP-2", "In Progress").AddIssue("NOPE-3", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "186853002");

        var (status, body) = await EndToEndRig.PostAsync(
            host, GitHubDeliveries.MergedPullRequest("SOC-1: log in with SSO", body: "Also fixes NOPE-3.", branch: "feature/devhop-2-sso"), "186853002", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress" && rig.Jira.StatusOf("DEVHOP-2") == "In Review", Patience, "SOC-1 and DEVHOP-2 moved");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.Jira.MovesOf("DEVHOP-2").Should().ContainSingle();
        rig.Jira.StatusOf("NOPE-3").Should().Be("To Do");
        rig.Jira.Calls.Should().NotContain(call => call.Path.Contains("NOPE-3", StringComparison.Ordinal), "NOPE is not a project the worker lists");
    }

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.RedisCluster)]
    public async Task Two_pull_requests_naming_one_ticket_at_once_move_it_two_single_steps_in_turn(Backend backend)
    {
        // Two replicas of the worker, and a slow Jira, so both deliveries are at the ticket at the same moment.
        await using var rig = await EndToEndRig.CreateAsync(backend);
        rig.Jira.AddIssue("SOC-1", "To Do");
        rig.Jira.ResponseDelay = TimeSpan.FromMilliseconds(300);
        var serving = await rig.StartHostAsync("serve");
        await rig.StartHostAsync("work");
        await rig.StartHostAsync("work");
        var secret = await rig.RegisterHookAsync(serving, "7");

        await Task.WhenAll(
            EndToEndRig.PostAsync(serving, GitHubDeliveries.MergedPullRequest("SOC-1 part one"), "7", secret),
            EndToEndRig.PostAsync(serving, GitHubDeliveries.MergedPullRequest("SOC-1 part two"), "7", secret));

        await rig.EventuallyAsync(() => rig.Jira.MovesOf("SOC-1").Count >= 2, Patience, "SOC-1 moved by both deliveries");
        await Task.Delay(TimeSpan.FromSeconds(1));
        rig.Jira.MovesOf("SOC-1").Select(move => (move.FromStatus, move.ToStatus)).Should().Equal(("To Do", "In Progress"), ("In Progress", "Done"));
        rig.Jira.Calls.Where(call => call.Method == "POST" && call.Path.EndsWith("/transitions", StringComparison.Ordinal)).Should().OnlyContain(call => call.StatusCode == 204, "no move was refused as stale");
        using var admin = EndToEndRig.AdminClient(serving);
        var dead = await admin.GetStringAsync(new Uri("/conduit/workers/atlassian/dead", UriKind.Relative));
        System.Text.Json.Nodes.JsonNode.Parse(dead)!["data"]!.AsArray().Should().BeEmpty("neither delivery failed: " + dead);
    }

    [Fact]
    public async Task A_command_after_a_key_fires_its_event_one_the_state_has_not_is_ignored_without_failing_and_a_comment_is_added()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-1", "In Progress").AddIssue("SOC-2", "To Do").AddIssue("SOC-3", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "8");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 #prev: back out the login change", body: "SOC-2 #review, and\nSOC-3 #comment Fixed the race in login");

        await EndToEndRig.PostAsync(host, delivery, "8", secret);

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "To Do" && rig.Jira.StatusOf("SOC-3") == "In Progress", Patience, "SOC-1 moved back, SOC-3 on");
        using var admin = EndToEndRig.AdminClient(host);
        System.Text.Json.Nodes.JsonNode? items = null;
        await rig.EventuallyAsync(
            async () =>
            {
                var shown = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync(new Uri($"/conduit/deliveries/{delivery.DeliveryId}", UriKind.Relative)))!;
                items = shown["data"]![0]!["attempts"]!.AsArray().LastOrDefault()?["items"];
                return items is not null;
            },
            Patience,
            "the attempt is in the history");
        var byTicket = items!.AsArray().ToDictionary(item => item!["subject"]!.GetValue<string>(), item => (item!["kind"]!.GetValue<string>(), item["detail"]!.GetValue<string>()));
        byTicket["SOC-1"].Should().Be(("moved", "In Progress → To Do (#prev in title); linked to PR #2"));
        byTicket["SOC-2"].Item1.Should().Be("skipped");
        byTicket["SOC-2"].Item2.Should().StartWith("ignored (no event review from To Do, asked by #review in body");
        rig.Jira.StatusOf("SOC-2").Should().Be("To Do");
        byTicket["SOC-3"].Should().Be(("moved", "To Do → In Progress; commented (#comment in body); linked to PR #2"));
        var comment = rig.Jira.Comments.Should().ContainSingle().Subject;
        (comment.Key, comment.Links.Single()).Should().Be(("SOC-3", "https://github.com/Codertocat/Hello-World/pull/2"));
        comment.Text.Should().StartWith("Fixed the race in login");
    }

    [Fact]
    public async Task A_closed_but_unmerged_pull_request_moves_nothing()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "1");

        var (status, _) = await EndToEndRig.PostAsync(host, GitHubDeliveries.ClosedUnmergedPullRequest("SOC-1: abandoned idea"), "1", secret);
        // A merged one afterwards: once it has moved SOC-2, the worker has had every chance to act on the first.
        await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-2: the real fix"), "1", secret);

        status.Should().BeOneOf(HttpStatusCode.Accepted, HttpStatusCode.OK);
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-2") == "In Progress", Patience, "SOC-2 moved");
        rig.Jira.StatusOf("SOC-1").Should().Be("To Do");
        rig.Jira.Calls.Should().NotContain(call => call.Path.Contains("SOC-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_published_release_moves_the_tickets_its_notes_name()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-7", "In Progress").AddIssue("DEVHOP-8", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "2");

        var (status, body) = await EndToEndRig.PostAsync(
            host, GitHubDeliveries.PublishedRelease("v1.2.0", "## Changes\n- soc-7 faster search\n- DEVHOP-8: dark mode"), "2", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-7") == "Done" && rig.Jira.StatusOf("DEVHOP-8") == "In Progress", Patience, "SOC-7 and DEVHOP-8 moved");
    }

    [Fact]
    public async Task The_same_delivery_posted_twice_moves_each_ticket_once()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("DEVHOP-2", "To Do").AddIssue("SOC-3", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "3");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 and DEVHOP-2");

        var first = await EndToEndRig.PostAsync(host, delivery, "3", secret);
        var second = await EndToEndRig.PostAsync(host, delivery, "3", secret);
        await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-3 afterwards"), "3", secret);

        first.Status.Should().Be(HttpStatusCode.Accepted);
        second.Status.Should().Be(HttpStatusCode.OK, second.Body.ToJsonString());
        second.Body.ToJsonString().Should().Contain("duplicate");
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-3") == "In Progress" && rig.Jira.StatusOf("SOC-1") == "In Progress" && rig.Jira.StatusOf("DEVHOP-2") == "In Progress", Patience, "all three moved");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.Jira.MovesOf("DEVHOP-2").Should().ContainSingle();
    }

    [Fact]
    public async Task A_ticket_already_done_stays_where_it_is()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-5", "Done").AddIssue("SOC-6", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "4");

        await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-5 and SOC-6"), "4", secret);

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-6") == "In Progress", Patience, "SOC-6 moved");
        await rig.EventuallyAsync(
            async () => await EndToEndRig.MetricAsync(host, "unotify_jobs_processed_total") >= 1, Patience, "the job was acknowledged");
        rig.Jira.StatusOf("SOC-5").Should().Be("Done");
        rig.Jira.MovesOf("SOC-5").Should().BeEmpty();
        rig.Jira.TransitionCalls("SOC-5").Where(call => call.Method == "POST").Should().BeEmpty();
    }

    [Fact]
    public async Task A_429_from_Jira_is_retried_after_the_delay_it_asked_for_and_then_succeeds()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-9", "To Do");
        rig.Jira.FailNext(429, retryAfter: TimeSpan.FromSeconds(2), count: 1);
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "5");

        await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-9"), "5", secret);

        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-9") == "In Progress", Patience, "SOC-9 moved after the 429");
        var refused = rig.Jira.Calls.First(call => call.StatusCode == 429);
        var retried = rig.Jira.Calls.First(call => call.At > refused.At && call.Path.Contains("SOC-9", StringComparison.Ordinal));
        (retried.At - refused.At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9), "Jira asked for two seconds");
        rig.Jira.MovesOf("SOC-9").Should().ContainSingle();
    }
}

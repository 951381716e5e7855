using System.Net;
using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.FakeJira;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// Jira as teams run it, through the real binary: two sites side by side (a ticket's project decides which worker and
/// so which site takes it), links back to the pull request, a comment on the move, and fields a transition needs.
/// </summary>
public sealed class JiraSitesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_workers_on_two_Jira_sites_each_move_their_own_projects_tickets_with_links_comments_and_fields()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        await using var dataCenter = await FakeJiraServer.StartAsync(new FakeJiraWorkflow()
            .Add("To Do", "11", "Start", "In Progress")
            .Add("In Progress", "31", "Resolve", "Done", "resolution"));
        await File.WriteAllTextAsync(Path.Combine(rig.Directory, "statemachines", "datacenter.hcl"), """
            provisioner "devhop" {
              aliasmapper "devhop" {
                aliases = { to_do: "To Do", in_progress: "In Progress", done: "Done" }
              }
              statemachine "devhop" {
                initial = "to_do"
                state "to_do" "next"       { transition = "in_progress" }
                state "in_progress" "next" { transition = "done" }
                state "done" "next"        { transition = "<end>" }
                state "done" { fields = { resolution = { name = "Fixed" } } }
              }
            }
            """);
        await rig.WriteWorkersYamlAsync($"""
            workers:
              cloud:
                processor: jira
                statefile: jira.hcl
                projects: [soc]
                settings:
            {rig.JiraSettings(rig.Jira.BaseUrl)}      comment_on_move: true
              datacenter:
                processor: jira
                statefile: datacenter.hcl
                projects: [devhop]
                settings:
            {rig.JiraSettings(dataCenter.BaseUrl)}      api_version: 2
            """);
        rig.Jira.AddIssue("SOC-1", "To Do");
        dataCenter.AddIssue("DEVHOP-2", "In Progress");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "21");

        var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-1 and DEVHOP-2: log in with SSO"), "21", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(
            () => rig.Jira.StatusOf("SOC-1") == "In Progress" && dataCenter.StatusOf("DEVHOP-2") == "Done" && rig.Jira.RemoteLinks.Count == 1 && dataCenter.RemoteLinks.Count == 1,
            Patience,
            "SOC-1 moved on the cloud site, DEVHOP-2 on the data-center site, each linked");
        rig.Jira.Calls.Should().NotContain(call => call.Path.Contains("DEVHOP", StringComparison.Ordinal), "the cloud worker lists only SOC");
        dataCenter.Calls.Should().NotContain(call => call.Path.Contains("SOC", StringComparison.Ordinal), "the data-center worker lists only DEVHOP");
        const string PullRequest = "https://github.com/Codertocat/Hello-World/pull/2";
        rig.Jira.RemoteLinks.Single().Should().Match<FakeJiraRemoteLink>(link => link.Key == "SOC-1" && link.Url == PullRequest && link.Title.StartsWith("PR #2 ", StringComparison.Ordinal));
        dataCenter.RemoteLinks.Single().Should().Match<FakeJiraRemoteLink>(link => link.Key == "DEVHOP-2" && link.Url == PullRequest);
        rig.Jira.Comments.Should().ContainSingle().Which.Text.Should().StartWith("Moved To Do → In Progress by PR #2");
        dataCenter.Comments.Should().BeEmpty("comment_on_move is the cloud worker's setting only");
        JsonNode.Parse(dataCenter.TransitionCalls("DEVHOP-2").Single().Body)!["fields"]!.ToJsonString().Should().Be("""{"resolution":{"name":"Fixed"}}""");
        dataCenter.Calls.Should().OnlyContain(call => call.Path.StartsWith("/rest/api/2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulate_warns_about_a_field_Jira_requires_that_the_target_state_does_not_give()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        await using var jira = await FakeJiraServer.StartAsync(new FakeJiraWorkflow()
            .Add("To Do", "11", "Start", "In Progress")
            .Add("In Progress", "31", "Resolve", "Done", "resolution"));
        jira.AddIssue("SOC-1", "In Progress");
        await rig.WriteWorkersYamlAsync($"""
            workers:
              atlassian:
                statefile: jira.hcl
                projects: [soc]
                settings:
            {rig.JiraSettings(jira.BaseUrl)}
            """);
        var payload = Path.Combine(rig.Directory, "payload.json");
        await File.WriteAllTextAsync(payload, GitHubDeliveries.MergedPullRequest("SOC-1 done").Body);

        var simulated = await UnotifyCommand.RunAsync(["simulate", payload, "--event", "pull_request"], rig.Environment, rig.Directory, TimeSpan.FromSeconds(60));

        simulated.ExitCode.Should().Be(0, simulated.Error);
        simulated.Output.Should().Contain("SOC-1 would_move In Progress → Done")
            .And.Contain("but Jira requires field Resolution (resolution) for it: add it to the project's statemachine: state \"done\" { fields = { resolution = … } }");
        jira.Moves.Should().BeEmpty("a simulation moves nothing");
        jira.Calls.Should().Contain(call => call.Query.Contains("expand=transitions.fields", StringComparison.Ordinal));
    }
}

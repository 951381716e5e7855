using System.Text.Json.Nodes;
using Unotify.Sdk;
using Unotify.Testing.FakeJira;

namespace Unotify.Plugins.Jira.Tests;

public sealed class RemoteLinkTests : JiraProcessorTests
{
    [Fact]
    public async Task A_moved_ticket_gets_a_link_to_the_pull_request_titled_with_its_number_title_and_state()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.PullRequest42());

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress; linked to PR #42"));
        var link = Jira.RemoteLinks.Should().ContainSingle().Subject;
        (link.Key, link.Url, link.Title, link.GlobalId).Should().Be(("SOC-1", "https://github.com/acme/shop/pull/42", "PR #42 SOC-1 fix login (merged)", "unotify:https://github.com/acme/shop/pull/42"));
        var body = JsonNode.Parse(link.Body)!;
        (body["application"]!["name"]!.GetValue<string>(), body["relationship"]!.GetValue<string>(), body["object"]!["status"]!["resolved"]!.GetValue<bool>())
            .Should().Be(("github", "mentioned in", true));
    }

    [Fact]
    public async Task A_redelivery_updates_the_link_instead_of_adding_a_second_one()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = Bed.Processor();
        var delivery = Guid.NewGuid().ToString();

        await Bed.ProcessAsync(processor, JiraTestBed.PullRequest42(deliveryId: delivery));
        var again = await Bed.ProcessAsync(processor, JiraTestBed.PullRequest42(deliveryId: delivery));

        again.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: already done for this delivery; linked to PR #42"));
        Jira.RemoteLinks.Should().ContainSingle();
        Jira.Calls.Count(c => c.Path.EndsWith("/remotelink", StringComparison.Ordinal)).Should().Be(2);
        Jira.MovesOf("SOC-1").Should().ContainSingle();
    }

    [Fact]
    public async Task A_ticket_at_the_end_of_its_machine_is_linked_though_it_does_not_move()
    {
        Jira.AddIssue("SOC-1", "Done");

        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.PullRequest42());

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: nothing to do (Done is the end); linked to PR #42"));
        Jira.RemoteLinks.Should().ContainSingle().Which.Key.Should().Be("SOC-1");
    }

    [Fact]
    public async Task A_ticket_Jira_does_not_know_is_not_linked()
    {
        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.PullRequest42("SOC-404 gone"));

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-404: skipped (not found, or not visible to the account)"));
        Jira.RemoteLinks.Should().BeEmpty();
    }

    [Fact]
    public async Task Link_false_adds_no_link()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await Bed.ProcessAsync(Bed.Processor(("link", "false")), JiraTestBed.PullRequest42());

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress"));
        Jira.Calls.Should().NotContain(c => c.Path.EndsWith("/remotelink", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_Jira_cannot_take_now_is_retried_without_moving_the_ticket_again()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = Bed.Processor();
        var webhookEvent = JiraTestBed.PullRequest42();
        Jira.FailNext(503, TimeSpan.FromSeconds(7), method: "POST", pathEnding: "/remotelink");

        var first = await Bed.ProcessAsync(processor, webhookEvent);
        Bed.Idempotency.EndAttempt();
        var second = await Bed.ProcessAsync(processor, webhookEvent);

        var retry = first.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.After.Should().Be(TimeSpan.FromSeconds(7));
        retry.Reason.Should().Contain("SOC-1: retry (the link to PR #42 did not reach Jira").And.Contain("the move is done");
        second.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: already done for this delivery; linked to PR #42"));
        Jira.MovesOf("SOC-1").Should().ContainSingle();
        Jira.RemoteLinks.Should().ContainSingle();
    }

    [Fact]
    public async Task A_link_Jira_refuses_is_said_in_the_outcome_and_fails_nothing()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNext(403, method: "POST", pathEnding: "/remotelink");

        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.PullRequest42());

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().StartWith("SOC-1: To Do → In Progress; Jira refused the link to PR #42 (POST /issue/SOC-1/remotelink answered 403")
            .And.EndWith("set link: false under the worker's settings to stop linking");
        Jira.StatusOf("SOC-1").Should().Be("In Progress");
    }

    [Fact]
    public async Task A_dry_run_says_it_would_link_and_links_nothing()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await Bed.ProcessAsync(Bed.Processor(("dry_run", "true")), JiraTestBed.PullRequest42());

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().EndWith("; would link to PR #42");
        Jira.RemoteLinks.Should().BeEmpty();
    }

    [Fact]
    public async Task An_event_without_an_address_is_not_linked()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1 fix"));

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress"));
        Jira.RemoteLinks.Should().BeEmpty();
    }
}

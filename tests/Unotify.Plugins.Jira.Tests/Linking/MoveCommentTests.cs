using Unotify.Sdk;
using Unotify.Testing.FakeJira;

namespace Unotify.Plugins.Jira.Tests;

public sealed class MoveCommentTests : JiraProcessorTests
{
    [Fact]
    public async Task Comment_on_move_says_the_transition_and_what_moved_it_with_a_link()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await Bed.ProcessAsync(Bed.Processor(("comment_on_move", "true"), ("link", "false")), JiraTestBed.PullRequest42());

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress; commented (comment_on_move)"));
        var comment = Jira.Comments.Should().ContainSingle().Subject;
        comment.Text.Should().StartWith("Moved To Do → In Progress by PR #42");
        comment.Links.Should().Equal("https://github.com/acme/shop/pull/42");
    }

    [Fact]
    public async Task The_move_comment_template_may_use_the_title_author_and_url()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = Bed.Processor(("comment_on_move", "true"), ("move_comment", "{key}: {from} → {to} by {author} in {ref} '{title}' {{{url}}}"));

        await Bed.ProcessAsync(processor, JiraTestBed.PullRequest42());

        Jira.Comments.Single().Text.Should().StartWith("SOC-1: To Do → In Progress by ana in PR #42 'SOC-1 fix login' {https://github.com/acme/shop/pull/42}");
    }

    [Fact]
    public async Task No_comment_when_the_ticket_does_not_move()
    {
        Jira.AddIssue("SOC-1", "Done");

        await Bed.ProcessAsync(Bed.Processor(("comment_on_move", "true")), JiraTestBed.PullRequest42());

        Jira.Comments.Should().BeEmpty();
    }

    [Fact]
    public async Task A_move_comment_Jira_cannot_take_now_is_added_by_the_next_attempt_without_moving_the_ticket_again()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = Bed.Processor(("comment_on_move", "true"), ("link", "false"));
        var webhookEvent = JiraTestBed.PullRequest42();
        Jira.FailNext(503, method: "POST", pathEnding: "/comment");

        var first = await Bed.ProcessAsync(processor, webhookEvent);
        Bed.Idempotency.EndAttempt();
        var second = await Bed.ProcessAsync(processor, webhookEvent);
        var third = await Bed.ProcessAsync(processor, webhookEvent);

        first.Should().BeOfType<ProcessingResult.RetryResult>().Which.Reason.Should().Contain("the comment did not reach Jira");
        second.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: already In Progress (moved by an earlier attempt); commented (comment_on_move)"));
        third.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: already done for this delivery"));
        Jira.MovesOf("SOC-1").Should().ContainSingle();
        Jira.Comments.Should().ContainSingle().Which.Text.Should().StartWith("Moved To Do → In Progress by PR #42");
    }

    [Fact]
    public async Task A_dry_run_says_it_would_comment()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await Bed.ProcessAsync(Bed.Processor(("comment_on_move", "true"), ("dry_run", "true"), ("link", "false")), JiraTestBed.PullRequest42());

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().EndWith("; would comment (comment_on_move)");
        Jira.Comments.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Moved {frm}", "{frm} at column 7 is not a placeholder; use {key}, {from}, {to}, {ref}, {title}, {url}, {author}")]
    [InlineData("Moved {from", "the '{' at column 7 is not closed; write '{{' for a brace")]
    [InlineData("Moved } here", "a '}' at column 7 closes nothing; write '}}' for a brace")]
    public void A_move_comment_template_with_a_mistake_stops_start_up_with_its_column(string template, string message)
    {
        FluentActions.Invoking(() => Bed.Processor(("comment_on_move", "true"), ("move_comment", template)))
            .Should().Throw<ProcessorSettingsException>()
            .WithMessage($"worker 'atlassian': setting 'move_comment' ('{template}'): {message}.");
    }

    [Fact]
    public void A_move_comment_without_comment_on_move_stops_start_up_saying_it_would_never_be_used()
    {
        FluentActions.Invoking(() => Bed.Processor(("move_comment", "Moved")))
            .Should().Throw<ProcessorSettingsException>().WithMessage("*'move_comment' is set but 'comment_on_move' is not true*");
    }
}

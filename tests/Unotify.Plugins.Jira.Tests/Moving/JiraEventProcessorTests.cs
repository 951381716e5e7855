using Microsoft.Extensions.Logging;
using Unotify.Sdk;
using Unotify.Testing.FakeJira;

namespace Unotify.Plugins.Jira.Tests;

public sealed class JiraEventProcessorTests : IAsyncLifetime
{
    private JiraTestBed _bed = null!;

    private FakeJiraServer Jira => _bed.Jira;

    public async Task InitializeAsync() => _bed = await JiraTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private Task<ProcessingResult> ProcessAsync(string title, params (string Key, string? Value)[] settings) =>
        _bed.ProcessAsync(_bed.Processor(settings), JiraTestBed.MergedPullRequest(title));

    [Fact]
    public async Task Moves_a_ticket_one_step_along_its_state_machine()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1 login page");

        var result = await _bed.ProcessAsync(_bed.Processor(), webhookEvent);

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress"));
        Jira.StatusOf("SOC-1").Should().Be("In Progress");
        Jira.TransitionCalls("SOC-1").Should().ContainSingle().Which.Body.Should().Be("""{"transition":{"id":"21"}}""");
        Jira.Calls.Select(c => c.Method + " " + c.Path + c.Query).Should().Equal(
            "GET /rest/api/3/issue/SOC-1?fields=status", "GET /rest/api/3/issue/SOC-1/transitions?expand=transitions.fields", "POST /rest/api/3/issue/SOC-1/transitions");
        _bed.Idempotency.IsDone($"{webhookEvent.DeliveryId}:SOC-1").Should().BeTrue();
    }

    [Fact]
    public async Task Picks_the_transition_by_its_target_status_not_its_button_label()
    {
        Jira.AddIssue("SOC-1", "In Progress");

        var result = await ProcessAsync("SOC-1");

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: In Progress → Done"));
        Jira.MovesOf("SOC-1").Should().ContainSingle().Which.TransitionId.Should().Be("41", "'Resolve' leads to Done");
    }

    [Fact]
    public async Task Leaves_a_ticket_at_the_end_of_its_machine_alone()
    {
        Jira.AddIssue("SOC-2", "Done");

        var result = await ProcessAsync("Fixes soc-2");

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-2: nothing to do (Done is the end)"));
        Jira.StatusOf("SOC-2").Should().Be("Done");
        Jira.TransitionCalls("SOC-2").Should().BeEmpty();
    }

    [Fact]
    public async Task Skips_an_issue_Jira_does_not_know_and_moves_the_others()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await ProcessAsync("SOC-1 and DEVHOP-2");

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress; DEVHOP-2: skipped (not found, or not visible to the account)"));
        _bed.Log.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("DEVHOP-2") && e.Message.Contains("404"));
    }

    [Fact]
    public async Task Ignores_keys_of_projects_the_worker_does_not_handle()
    {
        var result = await ProcessAsync("NOPE-3 and xSOC-1");

        result.WithoutItems().Should().Be(ProcessingResult.Done("no ticket keys of the worker's projects (SOC, DEVHOP)"));
        Jira.Calls.Should().BeEmpty();
        _bed.Log.Entries.Should().Contain(e => e.Level == LogLevel.Debug && e.Message.Contains("NOPE-3"));
    }

    [Fact]
    public async Task Asks_for_a_retry_after_the_delay_Jira_gave_with_a_429()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNext(429, retryAfter: TimeSpan.FromSeconds(7));

        var result = await ProcessAsync("SOC-1");

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.After.Should().Be(TimeSpan.FromSeconds(7));
        ((ProcessingResult.RetryResult)result).Reason.Should().Contain("SOC-1").And.Contain("429");
        ((ProcessingResult.RetryResult)result).Cause.Should().Be(RetryCause.Throttled, "the host then slows the whole worker down, not only this job");
        Jira.StatusOf("SOC-1").Should().Be("To Do");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Reports_Jira_answering_5xx_as_unavailable_so_the_workers_circuit_counts_it(string method)
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNext(503, method: method);

        var result = await ProcessAsync("SOC-1");

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.Cause.Should().Be(RetryCause.Unavailable);
    }

    [Fact]
    public async Task Reports_an_unreachable_Jira_as_unavailable()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = _bed.Processor(("base_url", "http://127.0.0.1:9"));

        var result = await _bed.ProcessAsync(processor, JiraTestBed.MergedPullRequest("SOC-1"));

        var retry = result.Should().BeOfType<ProcessingResult.RetryResult>().Subject;
        retry.Cause.Should().Be(RetryCause.Unavailable);
        retry.Reason.Should().Contain("could not reach Jira");
    }

    [Fact]
    public async Task A_claim_held_by_another_attempt_is_an_ordinary_retry_that_does_not_count_towards_the_circuit()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");
        _bed.Idempotency.HoldElsewhere($"{webhookEvent.DeliveryId}:SOC-1");

        var result = await _bed.ProcessAsync(_bed.Processor(), webhookEvent);

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.Cause.Should().Be(RetryCause.Other);
    }

    [Fact]
    public async Task Takes_a_turn_from_the_workers_rate_limit_before_every_call_to_Jira()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.AddIssue("SOC-2", "To Do");

        await ProcessAsync("SOC-1 and SOC-2");

        var calls = Jira.Calls.Count;
        calls.Should().BeGreaterThan(2);
        _bed.Limiter.Turns.Should().Be(calls);
    }

    [Fact]
    public async Task Releases_the_claim_when_the_transition_was_throttled_so_the_next_attempt_moves_the_ticket()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNext(429, retryAfter: TimeSpan.FromSeconds(2), method: "POST");
        var processor = _bed.Processor();
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");

        var first = await _bed.ProcessAsync(processor, webhookEvent);
        var second = await _bed.ProcessAsync(processor, webhookEvent);

        first.Should().BeOfType<ProcessingResult.RetryResult>().Which.After.Should().Be(TimeSpan.FromSeconds(2));
        _bed.Calls.Released.Should().Contain($"{webhookEvent.DeliveryId}:SOC-1");
        second.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress"));
        Jira.MovesOf("SOC-1").Should().ContainSingle();
    }

    [Fact]
    public async Task Reads_a_Retry_After_given_as_an_HTTP_date()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNext(429, retryAfter: TimeSpan.FromSeconds(60), retryAfterAsDate: true);

        var result = await ProcessAsync("SOC-1");

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.After.Should()
            .BeGreaterThan(TimeSpan.FromSeconds(50)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_failing_idempotency_store_ends_the_attempt_with_its_exception_and_the_next_attempt_moves_each_ticket_once()
    {
        Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var processor = _bed.Processor(("max_parallel", "1"));
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-2 SOC-1");
        _bed.Calls.FailClaimsOf($"{webhookEvent.DeliveryId}:SOC-1");

        await FluentActions.Awaiting(() => _bed.ProcessAsync(processor, webhookEvent))
            .Should().ThrowAsync<InvalidOperationException>("the host's consumer logs it with the job and retries; the processor does not hide it");
        _bed.Calls.Heal();
        _bed.Idempotency.EndAttempt();
        var retried = await _bed.ProcessAsync(processor, webhookEvent);

        retried.Should().BeOfType<ProcessingResult.DoneResult>();
        Jira.MovesOf("SOC-1").Should().ContainSingle();
        Jira.MovesOf("SOC-2").Should().ContainSingle("SOC-2 moved on the first attempt and is marked done");
    }

    [Fact]
    public async Task Asks_for_a_retry_with_the_hosts_backoff_on_a_500()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNext(500);

        var result = await ProcessAsync("SOC-1");

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.Should().Match<ProcessingResult.RetryResult>(r => r.After == null && r.Reason.Contains("500"));
    }

    [Fact]
    public async Task Keeps_the_claim_when_the_transition_may_not_have_happened_and_moves_on_the_next_attempt_after_checking_the_status()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNext(503, method: "POST");
        var processor = _bed.Processor();
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");
        var claimKey = $"{webhookEvent.DeliveryId}:SOC-1";

        var first = await _bed.ProcessAsync(processor, webhookEvent);
        // The attempt ended: its claim ends with it and the next attempt gets its note.
        _bed.Idempotency.EndAttempt();
        var second = await _bed.ProcessAsync(processor, webhookEvent);

        first.Should().BeOfType<ProcessingResult.RetryResult>().Which.Reason.Should().Contain("the move may have happened");
        _bed.Calls.Released.Should().NotContain(claimKey);
        second.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress"));
        Jira.MovesOf("SOC-1").Should().ContainSingle();
    }

    [Fact]
    public async Task Does_not_move_again_when_an_earlier_attempt_moved_the_ticket_but_lost_Jiras_answer()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNextAfterHandling(503, method: "POST");
        var processor = _bed.Processor();
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");

        var first = await _bed.ProcessAsync(processor, webhookEvent);
        _bed.Idempotency.EndAttempt();
        var second = await _bed.ProcessAsync(processor, webhookEvent);

        first.Should().BeOfType<ProcessingResult.RetryResult>();
        second.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain("moved by an earlier attempt");
        Jira.MovesOf("SOC-1").Should().ContainSingle("In Progress is where the earlier attempt was taking it, so it is not moved on to Done");
        Jira.StatusOf("SOC-1").Should().Be("In Progress");
    }

    [Fact]
    public async Task An_attempt_that_dies_after_taking_over_an_abandoned_move_hands_on_the_first_note_and_the_ticket_moves_once()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.FailNextAfterHandling(503, method: "POST");
        var processor = _bed.Processor();
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");
        var claimKey = $"{webhookEvent.DeliveryId}:SOC-1";

        await _bed.ProcessAsync(processor, webhookEvent);        // moved, but the answer was lost
        _bed.Idempotency.EndAttempt();
        // The second attempt takes the claim over (seeing In Progress, it would plan In Progress→Done) and dies.
        await _bed.Idempotency.ClaimAsync(claimKey, "In Progress→Done", CancellationToken.None);
        _bed.Idempotency.EndAttempt();
        var third = await _bed.ProcessAsync(processor, webhookEvent);

        third.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain("moved by an earlier attempt");
        Jira.MovesOf("SOC-1").Should().ContainSingle();
    }

    [Fact]
    public async Task A_ticket_someone_else_moved_while_an_earlier_attempt_was_moving_it_is_not_moved_again()
    {
        // The earlier attempt was taking it from In Progress to Done; someone has put it back to To Do since.
        Jira.AddIssue("SOC-1", "To Do");
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");
        _bed.Idempotency.Abandon($"{webhookEvent.DeliveryId}:SOC-1", "In Progress→Done");

        var result = await _bed.ProcessAsync(_bed.Processor(), webhookEvent);

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Contain("not moved again");
        Jira.TransitionCalls("SOC-1").Should().BeEmpty();
    }

    [Fact]
    public async Task Asks_for_a_retry_when_Jira_is_slower_than_the_timeout()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Jira.ResponseDelay = TimeSpan.FromSeconds(3);

        var result = await ProcessAsync("SOC-1", ("timeout", "150ms"));

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.Reason.Should().Contain("did not answer within 0.15s");
    }

    [Fact]
    public async Task Fails_with_a_message_about_credentials_on_a_401()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await ProcessAsync("SOC-1", ("api_token", "wrong-token"));

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should()
            .Contain("401").And.Contain("check the worker's settings email and api_token");
        Jira.StatusOf("SOC-1").Should().Be("To Do");
    }

    [Fact]
    public async Task Fails_an_impossible_transition_listing_what_Jira_offered()
    {
        await using var bed = await JiraTestBed.StartAsync(new FakeJiraWorkflow()
            .Add("To Do", "21", "Start work", "In Review")
            .Add("To Do", "31", "Close", "Done"));
        bed.Jira.AddIssue("SOC-1", "To Do");

        var result = await bed.ProcessAsync(bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1"));

        result.WithoutItems().Should().Be(ProcessingResult.Fail(
            "SOC-1: failed (no transition from 'To Do' to 'In Progress'; Jira offers: Start work → In Review, Close → Done)"));
        bed.Calls.Released.Should().HaveCount(2, "the delivery's claim and the ticket's turn are both given back").And.Contain("turn:SOC-1");
    }

    [Fact]
    public async Task Falls_back_to_the_button_label_when_no_target_matches()
    {
        await using var bed = await JiraTestBed.StartAsync(new FakeJiraWorkflow().Add("To Do", "5", "In Progress", "Doing"));
        bed.Jira.AddIssue("SOC-1", "To Do");

        await bed.ProcessAsync(bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1"));

        bed.Jira.MovesOf("SOC-1").Should().ContainSingle().Which.TransitionId.Should().Be("5");
    }

    [Fact]
    public async Task Fails_a_transition_Jira_refuses_with_the_current_and_wanted_status_and_the_offer()
    {
        Jira.AddIssue("SOC-1", "To Do");
        await _bed.Cache.SetAsync("transitions:SOC:To Do", """[{"Id":"99","Name":"Start","To":"In Progress"}]""", TimeSpan.FromHours(1), CancellationToken.None);

        var result = await ProcessAsync("SOC-1");

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should()
            .Contain("from 'To Do' to 'In Progress'").And.Contain("400").And.Contain("Transition id '99' is not valid").And.Contain("Start → In Progress");
    }

    [Fact]
    public async Task Fails_a_ticket_whose_status_the_state_machine_does_not_know()
    {
        Jira.AddIssue("SOC-1", "Blocked");

        var result = await ProcessAsync("SOC-1");

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should().Contain("SOC-1").And.Contain("'Blocked'");
        Jira.TransitionCalls("SOC-1").Should().BeEmpty();
    }

    [Fact]
    public async Task Skips_keys_already_done_when_the_delivery_comes_again()
    {
        Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var processor = _bed.Processor();
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1 SOC-2");

        await _bed.ProcessAsync(processor, webhookEvent);
        var again = await _bed.ProcessAsync(processor, webhookEvent);

        again.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: already done for this delivery; SOC-2: already done for this delivery"));
        Jira.StatusOf("SOC-1").Should().Be("In Progress");
        Jira.Moves.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("In Progress", "SOC-1: already In Progress (moved by an earlier attempt)", 0)]
    [InlineData("To Do", "SOC-1: To Do → In Progress", 1)]
    public async Task Checks_the_status_before_acting_on_an_abandoned_claim_so_a_ticket_never_moves_twice(
        string statusNow, string summary, int moves)
    {
        Jira.AddIssue("SOC-1", statusNow);
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");
        _bed.Idempotency.Abandon($"{webhookEvent.DeliveryId}:SOC-1", "To Do→In Progress");

        var result = await _bed.ProcessAsync(_bed.Processor(), webhookEvent);

        result.WithoutItems().Should().Be(ProcessingResult.Done(summary));
        Jira.StatusOf("SOC-1").Should().Be("In Progress");
        Jira.MovesOf("SOC-1").Should().HaveCount(moves);
        _bed.Idempotency.IsDone($"{webhookEvent.DeliveryId}:SOC-1").Should().BeTrue();
    }

    [Fact]
    public async Task Asks_for_a_retry_while_another_attempt_holds_the_ticket()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1");
        _bed.Idempotency.HoldElsewhere($"{webhookEvent.DeliveryId}:SOC-1");

        var result = await _bed.ProcessAsync(_bed.Processor(), webhookEvent);

        result.Should().BeOfType<ProcessingResult.RetryResult>();
        Jira.TransitionCalls("SOC-1").Should().BeEmpty();
    }

    [Fact]
    public async Task A_hash_word_after_a_key_fires_that_event_for_that_ticket_only()
    {
        Jira.AddIssue("SOC-1", "In Progress").AddIssue("SOC-2", "In Progress");

        var result = await _bed.ProcessAsync(_bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1 #prev back out the login change, and SOC-2"));

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: In Progress → To Do (#prev in title); SOC-2: In Progress → Done"));
        (Jira.StatusOf("SOC-1"), Jira.StatusOf("SOC-2")).Should().Be(("To Do", "Done"));
    }

    [Fact]
    public async Task Commands_in_the_commit_messages_of_a_push_are_read_like_those_of_a_pull_request()
    {
        Jira.AddIssue("SOC-1", "In Progress").AddIssue("SOC-2", "To Do");
        var push = JiraTestBed.MergedPullRequest("unused") with
        {
            Kind = EventKinds.Push,
            Texts = [new EventText(TextSource.Branch, "main"), new EventText(TextSource.CommitMessage, "Revert login\n\nSOC-1 #prev"), new EventText(TextSource.CommitMessage, "soc-2 tidy up")],
        };

        var result = await _bed.ProcessAsync(_bed.Processor(), push);

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: In Progress → To Do (#prev in commit message); SOC-2: To Do → In Progress"));
    }

    [Fact]
    public async Task A_command_the_tickets_state_has_no_event_for_is_ignored_with_the_reason_and_never_fails_the_job()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await _bed.ProcessAsync(_bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1 #review"));

        result.Should().BeOfType<ProcessingResult.DoneResult>();
        var item = result.Items.Should().ContainSingle().Subject;
        (item.Kind, item.From).Should().Be((ItemOutcomeKind.Skipped, "To Do"));
        item.Detail.Should().StartWith("ignored (no event review from To Do, asked by #review in title:");
        Jira.TransitionCalls("SOC-1").Should().BeEmpty();
    }

    [Fact]
    public async Task A_configured_trigger_word_before_a_key_fires_its_event()
    {
        Jira.AddIssue("SOC-1", "In Progress");

        var result = await _bed.ProcessAsync(_bed.Processor(("triggers:reverts", "prev")), JiraTestBed.MergedPullRequest("Reverts SOC-1"));

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: In Progress → To Do ('reverts' in title)"));
    }

    [Theory]
    [InlineData("triggers:clo-ses", "close", "trigger 'clo-ses' under setting 'triggers' is not a word of letters")]
    [InlineData("triggers:closes", "close it", "trigger 'closes' fires 'close it', which is not an event name")]
    public void A_trigger_that_is_not_a_word_or_fires_no_event_name_stops_start_up_naming_it(string key, string value, string message)
    {
        FluentActions.Invoking(() => _bed.Processor((key, value))).Should().Throw<ProcessorSettingsException>().WithMessage($"*{message}*");
    }

    [Fact]
    public async Task A_comment_command_adds_the_comment_with_a_link_to_the_pull_request_once_per_delivery()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = _bed.Processor();
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1 #comment Fixed the race in login") with { Url = "https://github.com/acme/shop/pull/42" };

        var first = await _bed.ProcessAsync(processor, webhookEvent);
        var second = await _bed.ProcessAsync(processor, webhookEvent);

        first.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress; commented (#comment in title); linked to PR #42"));
        second.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: already done for this delivery; already commented for this delivery; linked to PR #42"));
        var comment = Jira.Comments.Should().ContainSingle().Subject;
        (comment.Key, comment.Text, comment.Links.Single()).Should().Be(("SOC-1", "Fixed the race in loginhttps://github.com/acme/shop/pull/42", "https://github.com/acme/shop/pull/42"));
    }

    [Fact]
    public async Task A_comment_for_Jira_Data_Center_is_text_with_the_link_in_wiki_markup()
    {
        Jira.AddIssue("SOC-1", "To Do");

        await _bed.ProcessAsync(_bed.Processor(("api_version", "2")), JiraTestBed.MergedPullRequest("SOC-1 #comment ok") with { Url = "https://github.com/acme/shop/pull/7" });

        Jira.Comments.Single().Text.Should().Be("ok\n\n[https://github.com/acme/shop/pull/7|https://github.com/acme/shop/pull/7]");
    }

    [Fact]
    public async Task A_comment_Jira_cannot_take_now_is_retried_without_moving_the_ticket_again()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = _bed.Processor();
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1 #comment later");
        Jira.FailNext(503, method: "POST", pathEnding: "/comment");

        var first = await _bed.ProcessAsync(processor, webhookEvent);
        _bed.Idempotency.EndAttempt();
        var second = await _bed.ProcessAsync(processor, webhookEvent);

        first.Should().BeOfType<ProcessingResult.RetryResult>();
        second.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: already done for this delivery; commented (#comment in title)"));
        Jira.MovesOf("SOC-1").Should().ContainSingle();
        Jira.Comments.Should().ContainSingle();
    }

    [Fact]
    public async Task Waits_its_turn_without_reading_the_ticket_while_another_delivery_is_moving_it()
    {
        Jira.AddIssue("SOC-1", "To Do");
        _bed.Idempotency.HoldElsewhere("turn:SOC-1");

        var busy = await _bed.ProcessAsync(_bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1"));

        busy.Should().BeOfType<ProcessingResult.RetryResult>().Which.Reason.Should().Contain("another delivery is moving it right now");
        Jira.Calls.Should().BeEmpty("a ticket in another delivery's turn is not even read: its status is about to change");
    }

    [Fact]
    public async Task Gives_the_tickets_turn_back_after_moving_it_so_the_next_delivery_moves_it_on()
    {
        Jira.AddIssue("SOC-1", "To Do");
        var processor = _bed.Processor();

        var first = await _bed.ProcessAsync(processor, JiraTestBed.MergedPullRequest("SOC-1 first"));
        var second = await _bed.ProcessAsync(processor, JiraTestBed.MergedPullRequest("SOC-1 second"));

        (first.WithoutItems(), second.WithoutItems()).Should().Be((ProcessingResult.Done("SOC-1: To Do → In Progress"), ProcessingResult.Done("SOC-1: In Progress → Done")));
        _bed.Idempotency.IsHeld("turn:SOC-1").Should().BeFalse();
        _bed.Idempotency.IsDone("turn:SOC-1").Should().BeFalse("a turn is never marked done, or no later delivery could move the ticket");
    }

    [Fact]
    public async Task Caches_transitions_per_project_and_status()
    {
        Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do").AddIssue("SOC-3", "In Progress").AddIssue("SOC-4", "To Do");
        var processor = _bed.Processor(("max_parallel", "1"), ("transition_cache_ttl", "2h"));

        await _bed.ProcessAsync(processor, JiraTestBed.MergedPullRequest("SOC-1 SOC-2 SOC-3"));
        await _bed.ProcessAsync(processor, JiraTestBed.MergedPullRequest("SOC-4"));

        Jira.Calls.Where(c => c.Method == "GET" && c.Path.EndsWith("/transitions", StringComparison.Ordinal))
            .Select(c => c.Path).Should().Equal("/rest/api/3/issue/SOC-1/transitions", "/rest/api/3/issue/SOC-3/transitions");
        (await _bed.Cache.GetAsync("transitions:SOC:To Do", CancellationToken.None)).Should().NotBeNull();
        (await _bed.Cache.GetAsync("transitions:SOC:In Progress", CancellationToken.None)).Should().NotBeNull();
        _bed.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        (await _bed.Cache.GetAsync("transitions:SOC:To Do", CancellationToken.None)).Should().BeNull("entries live for transition_cache_ttl");
        Jira.Moves.Select(m => m.Key + ":" + m.ToStatus).Should().Equal("SOC-1:In Progress", "SOC-2:In Progress", "SOC-3:Done", "SOC-4:In Progress");
    }

    [Fact]
    public async Task Asks_Jira_again_when_the_cached_transitions_do_not_lead_to_the_wanted_status()
    {
        Jira.AddIssue("SOC-1", "To Do");
        await _bed.Cache.SetAsync("transitions:SOC:To Do", """[{"Id":"71","Name":"Reopen","To":"To Do"}]""", TimeSpan.FromHours(1), CancellationToken.None);

        var result = await ProcessAsync("SOC-1");

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress"));
        (await _bed.Cache.GetAsync("transitions:SOC:To Do", CancellationToken.None)).Should().Contain("In Progress");
    }

    [Fact]
    public async Task Changes_nothing_in_a_dry_run_and_logs_the_planned_transition()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await ProcessAsync("SOC-1", ("dry_run", "true"));

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: would move To Do → In Progress (dry run, transition 21 'Start work')"));
        Jira.StatusOf("SOC-1").Should().Be("To Do");
        Jira.Calls.Should().NotContain(c => c.Method == "POST");
        _bed.Calls.Claims.Should().BeEmpty();
        _bed.Log.Entries.Should().Contain(e => e.EventId.Id == 4112 && e.Message.Contains("SOC-1") && e.Message.Contains("To Do")
            && e.Message.Contains("In Progress") && e.Message.Contains("21"));
    }

    [Fact]
    public async Task Moves_several_tickets_in_parallel_and_one_bad_key_does_not_stop_the_others()
    {
        foreach (var n in new[] { 1, 2, 3, 4, 5, 6 })
        {
            Jira.AddIssue($"SOC-{n}", "To Do");
        }

        Jira.AddIssue("DEVHOP-7", "Blocked");
        Jira.ResponseDelay = TimeSpan.FromMilliseconds(50);

        var result = await ProcessAsync("SOC-1 SOC-2 SOC-3 DEVHOP-7 SOC-4 SOC-5 SOC-6", ("max_parallel", "3"));

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should().StartWith(
            "SOC-1: To Do → In Progress; SOC-2: To Do → In Progress; SOC-3: To Do → In Progress; DEVHOP-7: failed (");
        Jira.Moves.Should().HaveCount(6);
        Jira.MaxConcurrentRequests.Should().BeInRange(2, 3);
    }

    [Fact]
    public async Task Asks_for_a_retry_when_any_ticket_needs_one_even_if_another_failed()
    {
        Jira.AddIssue("SOC-1", "Blocked").AddIssue("SOC-2", "To Do");
        Jira.FailNext(429, TimeSpan.FromSeconds(3), method: "POST");

        var result = await ProcessAsync("SOC-1 SOC-2");

        result.Should().BeOfType<ProcessingResult.RetryResult>().Which.Should().Match<ProcessingResult.RetryResult>(
            r => r.After == TimeSpan.FromSeconds(3) && r.Reason.Contains("SOC-1: failed") && r.Reason.Contains("SOC-2: retry"));
    }

    [Fact]
    public async Task Talks_to_Jira_Data_Center_with_a_bearer_token_and_api_version_2()
    {
        await using var bed = await JiraTestBed.StartAsync(auth: FakeJiraAuth.Bearer("pat-123"));
        bed.Jira.AddIssue("SOC-1", "To Do");
        var processor = bed.Processor(("email", null), ("api_token", null), ("personal_access_token", "pat-123"), ("api_version", "2"));

        var result = await bed.ProcessAsync(processor, JiraTestBed.MergedPullRequest("SOC-1"));

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: To Do → In Progress"));
        bed.Jira.Calls.Should().OnlyContain(c => c.Path.StartsWith("/rest/api/2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fails_with_a_hint_about_the_base_url_when_the_answer_is_not_Jiras_json()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var result = await ProcessAsync("SOC-1", ("base_url", Jira.BaseUrl + "/not-jira"));

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should().Contain("404").And.Contain("is base_url");
    }

    [Fact]
    public async Task Reports_an_item_per_ticket_saying_what_became_of_it_where_it_was_named_and_from_which_status()
    {
        Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "Done");
        var webhookEvent = JiraTestBed.MergedPullRequest("SOC-1 SOC-2") with
        {
            Texts = [new EventText(TextSource.Title, "SOC-1 and SOC-2"), new EventText(TextSource.Branch, "feature/soc-3-login")],
        };

        var result = await _bed.ProcessAsync(_bed.Processor(("max_parallel", "1")), webhookEvent);

        result.Should().BeOfType<ProcessingResult.DoneResult>();
        result.Items.Should().Equal(
            new ItemOutcome("SOC-1", ItemOutcomeKind.Moved, "To Do → In Progress") { From = "To Do", To = "In Progress", Source = "title" },
            new ItemOutcome("SOC-2", ItemOutcomeKind.Unchanged, "nothing to do (Done is the end)") { From = "Done", Source = "title" },
            new ItemOutcome("SOC-3", ItemOutcomeKind.Skipped, "skipped (not found, or not visible to the account)") { Source = "branch" });
    }

    [Fact]
    public async Task Reports_would_move_items_in_a_dry_run_and_failed_items_with_the_fix_when_Jira_refuses_the_credentials()
    {
        Jira.AddIssue("SOC-1", "To Do");

        var dryRun = await ProcessAsync("SOC-1", ("dry_run", "true"));
        var refused = await ProcessAsync("SOC-1", ("api_token", "wrong-token"));

        dryRun.Items.Should().ContainSingle().Which.Should().Be(
            new ItemOutcome("SOC-1", ItemOutcomeKind.WouldMove, "would move To Do → In Progress (dry run, transition 21 'Start work')") { From = "To Do", To = "In Progress", Source = "title" });
        var failed = refused.Items.Should().ContainSingle().Subject;
        failed.Kind.Should().Be(ItemOutcomeKind.Failed);
        failed.Detail.Should().Contain("401").And.Contain("api_token");
    }
}

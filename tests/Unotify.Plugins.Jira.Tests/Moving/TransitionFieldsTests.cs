using Unotify.Sdk;
using Unotify.Testing.FakeJira;

namespace Unotify.Plugins.Jira.Tests;

public sealed class TransitionFieldsTests : JiraProcessorTests
{
    /// <summary>"Resolve" (In Progress → Done) has a screen that requires a resolution.</summary>
    protected override FakeJiraWorkflow Workflow => new FakeJiraWorkflow()
        .Add("To Do", "21", "Start work", "In Progress")
        .Add("In Progress", "41", "Resolve", "Done", "resolution");

    private LinearStateMachines Machines => (LinearStateMachines)Bed.StateMachines;

    [Fact]
    public async Task The_fields_of_the_state_a_ticket_enters_are_sent_with_the_transition()
    {
        Jira.AddIssue("SOC-1", "In Progress");
        Machines.FieldsJson["Done"] = """{"resolution":{"name":"Done"}}""";

        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1 done"));

        result.WithoutItems().Should().Be(ProcessingResult.Done("SOC-1: In Progress → Done"));
        Jira.TransitionCalls("SOC-1").Should().ContainSingle().Which.Body.Should().Be("""{"transition":{"id":"41"},"fields":{"resolution":{"name":"Done"}}}""");
    }

    [Fact]
    public async Task A_transition_without_the_fields_Jira_requires_fails_before_the_call_naming_the_state_to_give_them_to()
    {
        Jira.AddIssue("SOC-1", "In Progress");

        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1 done"));

        result.WithoutItems().Should().Be(ProcessingResult.Fail(
            "SOC-1: failed (Jira requires field Resolution (resolution) to move it from 'In Progress' to 'Done' (transition 41 'Resolve'); " +
            "add it to the project's statemachine: state \"done\" { fields = { resolution = … } })"));
        Jira.TransitionCalls("SOC-1").Should().BeEmpty();
        Jira.StatusOf("SOC-1").Should().Be("In Progress");
    }

    [Fact]
    public async Task A_refusal_Jira_gives_anyway_quotes_its_field_errors_and_says_which_state_to_add_fields_to()
    {
        Jira.AddIssue("SOC-1", "In Progress");

        // A list cached before fields were read: nothing known to be required, so the POST goes out and Jira says no.
        await Bed.Cache.SetAsync("transitions:SOC:In Progress", """[{"Id":"41","Name":"Resolve","To":"Done"}]""", TimeSpan.FromHours(1), CancellationToken.None);
        var result = await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1 done"));

        var failure = result.Should().BeOfType<ProcessingResult.FailResult>().Subject.Reason;
        failure.Should().Contain("answered 400 Bad Request: resolution: Resolution is required.")
            .And.EndWith("when Jira names a field, give it in the state machine: state \"done\" { fields = { <field> = <value> } })");
    }

    [Fact]
    public async Task A_dry_run_warns_about_the_fields_Jira_would_require()
    {
        Jira.AddIssue("SOC-1", "In Progress");

        var result = await Bed.ProcessAsync(Bed.Processor(("dry_run", "true")), JiraTestBed.MergedPullRequest("SOC-1 done"));

        result.Should().BeOfType<ProcessingResult.DoneResult>().Which.Summary.Should().Be(
            "SOC-1: would move In Progress → Done (dry run, transition 41 'Resolve'); but Jira requires field Resolution (resolution) for it: " +
            "add it to the project's statemachine: state \"done\" { fields = { resolution = … } }");
    }

    [Fact]
    public async Task Fields_Jira_does_not_require_are_sent_all_the_same()
    {
        Jira.AddIssue("SOC-1", "To Do");
        Machines.FieldsJson["In Progress"] = """{"labels":["shipped"],"customfield_10010":3.50}""";

        await Bed.ProcessAsync(Bed.Processor(), JiraTestBed.MergedPullRequest("SOC-1 start"));

        Jira.TransitionCalls("SOC-1").Single().Body.Should().Be("""{"transition":{"id":"21"},"fields":{"labels":["shipped"],"customfield_10010":3.50}}""");
        Jira.StatusOf("SOC-1").Should().Be("In Progress");
    }
}

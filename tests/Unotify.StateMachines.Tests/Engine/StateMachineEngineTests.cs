using static Unotify.StateMachines.Tests.Machines;
using Outcome = Unotify.StateMachines.StateTransitionOutcome;

namespace Unotify.StateMachines.Tests.Engine;

/// <summary>Every answer of the engine, from a Jira status or a state id.</summary>
public sealed class StateMachineEngineTests
{
    private static readonly StateMachineEngine Engine = new(Set(SocNested + "\n" + Soc(
        "to_do: \"To Do\", done: \"Done\", failed: \"Failed\"",
        "initial = \"to_do\"",
        "state \"to_do\" \"next\" { transition = \"done\" }",
        "state \"to_do\" \"skiplast\" { transition = \"done\" }",
        "state \"done\" \"next\" { transition = \"<end>\" }").Replace("soc", "ops", StringComparison.Ordinal)));

    [Theory]
    [InlineData("To Do", "next", "to_do", "in_progress", "In Progress")]
    [InlineData("In Progress", "next", "in_progress", "done", "Done")]
    [InlineData("In Progress", "prev", "in_progress", "to_do", "To Do")]
    public void Moves_a_status_to_the_next_state_for_the_event(string status, string eventName, string from, string to, string toStatus)
    {
        Engine.NextFromStatus("soc", status, eventName).Should().Be(new Outcome.Moved(from, to, toStatus));
    }

    [Fact]
    public void Ends_when_the_transition_for_the_event_is_end()
    {
        Engine.NextFromStatus("soc", "Done", "next").Should().Be(new Outcome.Ended("done"));
    }

    [Fact]
    public void Moves_two_states_into_the_same_one_when_the_machine_has_many_to_one_transitions()
    {
        Engine.NextFromStatus("ops", "To Do", "next").Should().Be(new Outcome.Moved("to_do", "done", "Done"));
        Engine.NextFromStatus("ops", "To Do", "skiplast").Should().Be(new Outcome.Moved("to_do", "done", "Done"));
    }

    [Fact]
    public void Moves_from_a_state_id_as_from_its_status()
    {
        Engine.NextFromState("soc", "to_do", "next").Should().Be(new Outcome.Moved("to_do", "in_progress", "In Progress"));
        Engine.NextFromState("soc", "done", "next").Should().Be(new Outcome.Ended("done"));
    }

    [Fact]
    public void Finds_the_project_in_any_case()
    {
        Engine.NextFromStatus("SOC", "To Do", "next").Should().Be(new Outcome.Moved("to_do", "in_progress", "In Progress"));
    }

    [Fact]
    public void Rejects_an_unknown_project_naming_the_known_ones()
    {
        Engine.NextFromStatus("DEVOPS", "To Do", "next").Should().Be(new Outcome.Rejected(
            TransitionRejection.UnknownProject,
            "no state machine for project \"DEVOPS\"; the file declares: soc, ops"));
        Engine.NextFromState("devops", "to_do", "next").Should().BeOfType<Outcome.Rejected>()
            .Which.Reason.Should().Be(TransitionRejection.UnknownProject);
    }

    [Fact]
    public void Rejects_a_status_with_no_alias_listing_the_known_statuses()
    {
        Engine.NextFromStatus("soc", "Blocked", "next").Should().Be(new Outcome.Rejected(
            TransitionRejection.UnaliasedStatus,
            "Jira status \"Blocked\" of project \"soc\" has no alias; known statuses: \"Done\", \"In Progress\", \"To Do\" (statuses match exactly; add it to aliasmapper \"soc\" to handle it)"));
    }

    [Fact]
    public void Matches_status_names_exactly_as_jira_returns_them()
    {
        Engine.NextFromStatus("soc", "to do", "next").Should().BeOfType<Outcome.Rejected>()
            .Which.Reason.Should().Be(TransitionRejection.UnaliasedStatus);
        Engine.NextFromStatus("soc", "To Do ", "next").Should().BeOfType<Outcome.Rejected>()
            .Which.Reason.Should().Be(TransitionRejection.UnaliasedStatus);
    }

    [Fact]
    public void Rejects_an_unknown_state_listing_the_known_states()
    {
        Engine.NextFromState("soc", "review", "next").Should().Be(new Outcome.Rejected(
            TransitionRejection.UnknownState,
            "state \"review\" is not a state of project \"soc\"; known states: to_do, in_progress, done"));
    }

    [Fact]
    public void Rejects_an_event_the_state_does_not_define_listing_the_events_it_does()
    {
        Engine.NextFromStatus("soc", "In Progress", "skip").Should().Be(new Outcome.Rejected(
            TransitionRejection.UndefinedEvent,
            "state \"in_progress\" (Jira status \"In Progress\") of project \"soc\" has no transition for event \"skip\"; events defined for it: next, prev"));
    }

    [Fact]
    public void Rejects_any_event_for_an_aliased_state_without_transitions()
    {
        Engine.NextFromStatus("ops", "Failed", "next").Should().Be(new Outcome.Rejected(
            TransitionRejection.UndefinedEvent,
            "state \"failed\" (Jira status \"Failed\") of project \"ops\" has no transition for event \"next\"; it has no transitions"));
    }
}

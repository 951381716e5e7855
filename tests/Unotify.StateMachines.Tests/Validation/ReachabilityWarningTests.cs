using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Validation;

/// <summary>Warnings: states the initial state cannot reach, and states that cannot reach <c>&lt;end&gt;</c>.</summary>
public sealed class ReachabilityWarningTests
{
    [Fact]
    public void Warns_about_a_state_the_initial_state_cannot_reach_and_still_loads_the_machine()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"done\" }",
            "state \"in_progress\" \"next\" { transition = \"done\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        var result = Load(text);

        result.Succeeded.Should().BeTrue();
        result.Errors.Should().BeEmpty();
        Diagnostics(text).Should().Equal(
            "test.hcl:8:11: warning: state \"in_progress\" of statemachine \"soc\" cannot be reached from initial state \"to_do\"; add a transition to it or remove it");
    }

    [Fact]
    public void Warns_once_about_a_machine_with_no_transition_to_end()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"done\" }",
            "state \"done\" \"prev\" { transition = \"to_do\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:5:16: warning: statemachine \"soc\" has no path to <end>: no state has transition = \"<end>\"; add one, e.g. state \"<last state>\" \"next\" { transition = \"<end>\" }");
    }

    [Fact]
    public void Warns_about_a_state_from_which_no_sequence_of_events_reaches_end()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"in_progress\" }",
            "state \"to_do\" \"skip\" { transition = \"done\" }",
            "state \"in_progress\" \"next\" { transition = \"in_progress\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:9:11: warning: state \"in_progress\" of statemachine \"soc\" has no path to <end>: a ticket there can never finish; add a transition from it towards <end>");
    }

    [Fact]
    public void Gives_no_reachability_warnings_for_a_machine_whose_transitions_are_wrong()
    {
        // With the typo, "done" looks unreachable; that warning would only repeat the error.
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"don\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        Load(text).Warnings.Should().BeEmpty();
    }
}

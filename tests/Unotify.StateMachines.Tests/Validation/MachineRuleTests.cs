using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Validation;

/// <summary>The rules of one machine: aliases, transition targets, determinism and the initial state.</summary>
public sealed class MachineRuleTests
{
    [Fact]
    public void Rejects_a_state_that_has_no_alias()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"random\" }",
            "state \"random\" \"next\" { transition = \"<end>\" }");

        var result = Load(text);

        result.Set.Should().BeNull();
        Diagnostics(text).Should().Equal(
            "test.hcl:8:11: error: state \"random\" of statemachine \"soc\" has no alias; add random: \"<Jira status>\" to the aliases of aliasmapper \"soc\"");
    }

    [Fact]
    public void Rejects_a_transition_to_a_state_the_machine_does_not_declare()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"don\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:7:41: error: state \"to_do\" event \"next\" goes to \"don\", which is not a state of statemachine \"soc\"; use one of: to_do, done or \"<end>\"");
    }

    [Fact]
    public void Rejects_two_transitions_for_the_same_state_and_event_because_the_machine_must_be_deterministic()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"done\" }",
            "state \"to_do\" \"next\" { transition = \"in_progress\" }",
            "state \"in_progress\" \"next\" { transition = \"done\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        var result = Load(text);

        result.Set.Should().BeNull();
        Diagnostics(text).Should().Equal(
            "test.hcl:8:5: error: state \"to_do\" has a second transition for event \"next\" (the first is at line 7, column 5 and goes to \"done\"); a state machine must be deterministic: keep one transition per state and event");
    }

    [Fact]
    public void Accepts_many_transitions_into_one_state()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"in_progress\" }",
            "state \"to_do\" \"skiplast\" { transition = \"done\" }",
            "state \"in_progress\" \"next\" { transition = \"done\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        var machine = Set(text).Machines.Should().ContainSingle().Subject;

        machine.Transitions.Where(t => t.Target.StateId == "done").Select(t => (t.FromStateId, t.EventName))
            .Should().Equal(("to_do", "skiplast"), ("in_progress", "next"));
    }

    [Fact]
    public void Rejects_an_initial_state_the_machine_does_not_declare()
    {
        var text = Soc(
            SocAliases,
            "initial = \"todo\"",
            "state \"to_do\" \"next\" { transition = \"done\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:6:15: error: initial state \"todo\" is not a state of statemachine \"soc\"; use one of: to_do, done");
    }

    [Fact]
    public void Rejects_a_second_alias_for_the_same_state()
    {
        var text = Soc(
            "to_do: \"To Do\", to_do: \"Todo\", done: \"Done\"",
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"done\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:3:33: error: aliasmapper \"soc\" gives state \"to_do\" a second alias (the first is at line 3, column 17); keep one");
    }

    [Fact]
    public void Rejects_two_states_aliased_to_the_same_jira_status()
    {
        var text = Soc(
            "to_do: \"To Do\", backlog: \"To Do\", done: \"Done\"",
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"done\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:3:42: error: aliasmapper \"soc\" maps both \"to_do\" and \"backlog\" to Jira status \"To Do\"; each status must belong to one state so a ticket's state can be told from its status");
    }

    [Fact]
    public void Reports_every_broken_rule_of_a_file_in_one_pass_in_file_order()
    {
        var text = Soc(
            "to_do: \"To Do\", done: \"Done\"",
            "initial = \"start\"",
            "state \"to_do\" \"next\" { transition = \"review\" }",
            "state \"qa\" \"next\" { transition = \"done\" }",
            "state \"qa\" \"next\" { transition = \"<end>\" }",
            "state \"done\" \"next\" { transition = \"<end>\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:6:15: error: initial state \"start\" is not a state of statemachine \"soc\"; use one of: to_do, qa, done",
            "test.hcl:7:41: error: state \"to_do\" event \"next\" goes to \"review\", which is not a state of statemachine \"soc\"; use one of: to_do, qa, done or \"<end>\"",
            "test.hcl:8:11: error: state \"qa\" of statemachine \"soc\" has no alias; add qa: \"<Jira status>\" to the aliases of aliasmapper \"soc\"",
            "test.hcl:9:5: error: state \"qa\" has a second transition for event \"next\" (the first is at line 8, column 5 and goes to \"done\"); a state machine must be deterministic: keep one transition per state and event");
    }

    [Fact]
    public void Rejects_end_used_as_the_name_of_a_state()
    {
        var text = Soc(
            SocAliases,
            "initial = \"to_do\"",
            "state \"to_do\" \"next\" { transition = \"<end>\" }",
            "state \"<end>\" \"next\" { transition = \"to_do\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:8:11: error: \"<end>\" marks the end of statemachine \"soc\" and cannot be a state; give this state another name");
    }

    [Fact]
    public void Reports_structural_and_rule_errors_of_different_provisioners_together()
    {
        var text = Soc(SocAliases, "initial = \"todo\"", "state \"to_do\" \"next\" { transition = \"<end>\" }")
            + "\nprovisioner \"devhop\" {\n  colour = \"red\"\n}\n";

        Diagnostics(text).Should().Equal(
            "test.hcl:6:15: error: initial state \"todo\" is not a state of statemachine \"soc\"; use one of: to_do",
            "test.hcl:10:13: error: provisioner \"devhop\" has no aliasmapper; add aliasmapper \"devhop\" { aliases = { … } } inside it or beside it",
            "test.hcl:10:13: error: provisioner \"devhop\" has no statemachine; add statemachine \"devhop\" { initial = \"…\" … } inside it or beside it",
            "test.hcl:11:3: error: unknown attribute \"colour\" in provisioner \"devhop\"; it takes aliasmapper blocks and statemachine blocks");
    }
}

using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Validation;

/// <summary>Both layouts (aliasmapper and statemachine inside or beside the provisioner) and the rules that tie them to it.</summary>
public sealed class LayoutTests
{
    [Fact]
    public void Loads_a_statemachine_declared_inside_its_provisioner()
    {
        var machine = Set(SocNested).Machines.Should().ContainSingle().Subject;

        machine.Key.Should().Be("soc");
        machine.Initial.Should().Be("to_do");
        machine.Aliases.Should().BeEquivalentTo(
            new Dictionary<string, string> { ["to_do"] = "To Do", ["in_progress"] = "In Progress", ["done"] = "Done" });
        machine.StatesByStatus.Should().BeEquivalentTo(
            new Dictionary<string, string> { ["To Do"] = "to_do", ["In Progress"] = "in_progress", ["Done"] = "done" });
        machine.States.Should().Equal("to_do", "in_progress", "done");
        machine.Transitions.Should().Equal(
            new Transition("to_do", "next", TransitionTarget.ToState("in_progress")),
            new Transition("in_progress", "next", TransitionTarget.ToState("done")),
            new Transition("in_progress", "prev", TransitionTarget.ToState("to_do")),
            new Transition("done", "next", TransitionTarget.End));
    }

    [Fact]
    public void Loads_the_same_machine_from_blocks_declared_beside_the_provisioner()
    {
        var nested = Set(SocNested).Machines.Single();
        var beside = Set(SocBeside).Machines.Single();

        beside.Key.Should().Be(nested.Key);
        beside.Initial.Should().Be(nested.Initial);
        beside.Aliases.Should().BeEquivalentTo(nested.Aliases);
        beside.Transitions.Should().Equal(nested.Transitions);
    }

    [Fact]
    public void Loads_an_aliasmapper_inside_the_provisioner_with_its_statemachine_beside_it()
    {
        var text = """
            provisioner "soc" {
              aliasmapper "soc" {
                aliases = { to_do: "To Do" }
              }
            }
            statemachine "soc" {
              initial = "to_do"
              state "to_do" "next" { transition = "<end>" }
            }
            """;

        Set(text).Machines.Single().Aliases.Should().ContainKey("to_do");
    }

    [Fact]
    public void Rejects_an_aliasmapper_whose_name_differs_from_its_provisioner_as_an_id_mismatch()
    {
        var text = Devops(aliasMapper: "ux", stateMachine: "devops");

        var result = Load(text);

        result.Set.Should().BeNull();
        Diagnostics(text).Should().Equal(
            "test.hcl:2:15: error: id mismatch: aliasmapper \"ux\" is inside provisioner \"devops\"; rename it to \"devops\" (names inside a provisioner must agree)");
    }

    [Fact]
    public void Rejects_a_statemachine_whose_name_differs_from_its_provisioner_as_an_id_mismatch()
    {
        Diagnostics(Devops(aliasMapper: "devops", stateMachine: "ux")).Should().Equal(
            "test.hcl:5:16: error: id mismatch: statemachine \"ux\" is inside provisioner \"devops\"; rename it to \"devops\" (names inside a provisioner must agree)");
    }

    [Fact]
    public void Rejects_blocks_beside_no_provisioner_of_their_name_and_a_provisioner_left_without_them()
    {
        var text = SocBeside.Replace("provisioner \"soc\"", "provisioner \"soc2\"", StringComparison.Ordinal);

        Diagnostics(text).Should().Equal(
            "test.hcl:1:13: error: provisioner \"soc2\" has no aliasmapper; add aliasmapper \"soc2\" { aliases = { … } } inside it or beside it",
            "test.hcl:1:13: error: provisioner \"soc2\" has no statemachine; add statemachine \"soc2\" { initial = \"…\" … } inside it or beside it",
            "test.hcl:3:13: error: aliasmapper \"soc\" matches no provisioner; add provisioner \"soc\" { } or rename it to one of: soc2",
            "test.hcl:7:14: error: statemachine \"soc\" matches no provisioner; add provisioner \"soc\" { } or rename it to one of: soc2");
    }

    [Fact]
    public void Rejects_a_second_statemachine_for_a_provisioner_one_inside_and_one_beside()
    {
        var text = SocNested + "\nstatemachine \"soc\" {\n  initial = \"to_do\"\n}\n";

        Diagnostics(text).Should().Equal(
            "test.hcl:13:14: error: provisioner \"soc\" has a second statemachine (the first is at line 5, column 16); keep one");
    }

    [Fact]
    public void Rejects_a_provisioner_declared_twice()
    {
        var text = SocBeside + "\nprovisioner \"soc\" {}\n";

        Diagnostics(text).Should().Equal(
            "test.hcl:14:13: error: duplicate provisioner \"soc\": it is already declared at line 1, column 13; merge the two blocks or remove one");
    }

    [Fact]
    public void Rejects_a_provisioner_not_named_with_the_lower_case_project_key()
    {
        var text = SocBeside.Replace("\"soc\"", "\"SOC\"", StringComparison.Ordinal);

        Diagnostics(text).Should().Equal(
            "test.hcl:1:13: error: provisioner \"SOC\" must be named with the lower-case Jira project key: provisioner \"soc\"");
    }

    [Fact]
    public void Loads_several_provisioners_in_file_order_and_finds_them_in_any_case()
    {
        var text = SocBeside + "\n" + SocNested.Replace("soc", "devhop", StringComparison.Ordinal);

        var set = Set(text);

        set.ProjectKeys.Should().Equal("soc", "devhop");
        set.TryGet("DEVHOP", out var devhop).Should().BeTrue();
        devhop!.Key.Should().Be("devhop");
        set.TryGet("devops", out _).Should().BeFalse();
    }

    private static string Devops(string aliasMapper, string stateMachine) => $$"""
        provisioner "devops" {
          aliasmapper "{{aliasMapper}}" {
            aliases = { to_do: "To Do" }
          }
          statemachine "{{stateMachine}}" {
            initial = "to_do"
            state "to_do" "next" { transition = "<end>" }
          }
        }
        """;
}

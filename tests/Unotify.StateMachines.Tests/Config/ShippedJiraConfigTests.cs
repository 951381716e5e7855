namespace Unotify.StateMachines.Tests.Config;

/// <summary>config/statemachines/jira.hcl, as shipped: the projects of config/workers.yaml, in both layouts.</summary>
public sealed class ShippedJiraConfigTests
{
    private static readonly StateMachineLoadResult Result = StateMachineLoader.LoadFile(ShippedConfig.Path);

    [Fact]
    public void Loads_with_no_errors_and_no_warnings()
    {
        Result.Diagnostics.Should().BeEmpty();
        Result.Set!.ProjectKeys.Should().Equal("devhop", "soc");
    }

    [Fact]
    public void Declares_devhop_inside_its_provisioner_and_soc_beside_its_provisioner()
    {
        var text = File.ReadAllText(ShippedConfig.Path);

        text.Should().Contain("provisioner \"devhop\" {\n  aliasmapper \"devhop\" {");
        text.Should().Contain("provisioner \"soc\" {\n}\n\naliasmapper \"soc\" {");
    }

    [Theory]
    [InlineData("devhop", "to_do", "in_progress", "in_review", "done")]
    [InlineData("soc", "to_do", "in_progress", "done")]
    public void Moves_each_project_forward_through_its_columns_to_end_and_back_with_prev(string project, params string[] states)
    {
        var engine = new StateMachineEngine(Result.Set!);
        var machine = engine.Set.Machines.Single(m => m.Key == project);

        machine.Initial.Should().Be(states[0]);
        for (var i = 0; i < states.Length; i++)
        {
            var status = machine.Aliases[states[i]];
            engine.NextFromStatus(project, status, "next").Should().Be(i + 1 < states.Length
                ? new StateTransitionOutcome.Moved(states[i], states[i + 1], machine.Aliases[states[i + 1]])
                : new StateTransitionOutcome.Ended(states[i]));
            if (i > 0)
            {
                engine.NextFromStatus(project, status, "prev").Should().Be(
                    new StateTransitionOutcome.Moved(states[i], states[i - 1], machine.Aliases[states[i - 1]]));
            }
        }
    }

    [Fact]
    public void Aliases_the_jira_columns_by_their_exact_names()
    {
        Result.Set!.TryGet("devhop", out var devhop).Should().BeTrue();
        devhop!.StatesByStatus.Keys.Should().BeEquivalentTo("To Do", "In Progress", "In Review", "Done");
        Result.Set.TryGet("soc", out var soc).Should().BeTrue();
        soc!.StatesByStatus.Keys.Should().BeEquivalentTo("To Do", "In Progress", "Done");
    }
}

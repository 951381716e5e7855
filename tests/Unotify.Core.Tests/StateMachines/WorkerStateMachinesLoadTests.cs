using Unotify.Core.StateMachines;
using Unotify.Sdk;

namespace Unotify.Core.Tests.StateMachines;

/// <summary>Loading a worker's state file at start-up: its errors stop the worker, its warnings do not.</summary>
public sealed class WorkerStateMachinesLoadTests : IDisposable
{
    private const string SocMachine = """
        provisioner "soc" {
          aliasmapper "soc" {
            aliases = { to_do: "To Do", done: "Done", failed: "Failed" }
          }
          statemachine "soc" {
            initial = "to_do"
            state "to_do" "next"  { transition = "done" }
            state "done" "next"   { transition = "<end>" }
            state "failed" "next" { transition = "<end>" }
          }
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("unotify-worker-sm-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Loads_the_machines_of_the_listed_projects_and_passes_on_the_file_warnings()
    {
        var path = Write(SocMachine);

        var result = await WorkerStateMachines.LoadAsync("atlassian", path, ["SOC"], CancellationToken.None);

        result.Errors.Should().BeEmpty();
        result.StateMachines!.Next("SOC", "To Do", "next").Should().Be(new StateMachineStep.Move("to_do", "done", "Done"));
        result.Warnings.Should().Equal(
            $"{path}:9:11: warning: state \"failed\" of statemachine \"soc\" cannot be reached from initial state \"to_do\"; add a transition to it or remove it");
    }

    [Fact]
    public async Task Refuses_to_start_on_a_state_file_with_errors_naming_the_worker()
    {
        var path = Write(SocMachine.Replace("initial = \"to_do\"", "initial = \"todo\"", StringComparison.Ordinal));

        var result = await WorkerStateMachines.LoadAsync("atlassian", path, ["SOC"], CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().Equal(
            $"{path}:6:15: error: initial state \"todo\" is not a state of statemachine \"soc\"; use one of: to_do, done, failed (state file of worker \"atlassian\")");
    }

    [Fact]
    public async Task Refuses_to_start_when_the_state_file_is_missing()
    {
        var path = Path.Combine(_folder, "missing.hcl");

        var result = await WorkerStateMachines.LoadAsync("atlassian", path, ["SOC"], CancellationToken.None);

        result.Errors.Should().ContainSingle().Which.Should().Contain($"state-machine file not found: {path} does not exist");
    }

    [Fact]
    public async Task Refuses_to_start_when_a_listed_project_is_not_in_the_state_file()
    {
        var path = Write(SocMachine);

        var result = await WorkerStateMachines.LoadAsync("atlassian", path, ["soc", "devhop"], CancellationToken.None);

        result.Errors.Should().ContainSingle().Which.Should().StartWith($"worker \"atlassian\" lists project \"devhop\", but {path} has no provisioner \"devhop\"");
    }

    private string Write(string text)
    {
        var path = Path.Combine(_folder, "jira.hcl");
        File.WriteAllText(path, text);
        return path;
    }
}

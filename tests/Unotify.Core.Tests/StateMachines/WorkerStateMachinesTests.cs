using Unotify.Core.StateMachines;
using Unotify.Sdk;
using Unotify.StateMachines;

namespace Unotify.Core.Tests.StateMachines;

/// <summary>The worker's view of its state file: only the projects it lists, answering as the SDK's <see cref="IStateMachines"/>.</summary>
public sealed class WorkerStateMachinesTests
{
    private const string StateFile = "config/statemachines/jira.hcl";

    private static readonly StateMachineSet Machines = LoadMachines();

    [Fact]
    public void Lists_the_worker_projects_as_upper_case_keys_once_each()
    {
        var machines = Create("devhop", "SOC", "Soc");

        machines.Projects.Should().Equal("DEVHOP", "SOC");
    }

    [Fact]
    public void Handles_the_listed_projects_in_any_case_and_no_others()
    {
        var machines = Create("soc");

        machines.Handles("SOC").Should().BeTrue();
        machines.Handles("soc").Should().BeTrue();
        machines.Handles("DEVHOP").Should().BeFalse();
    }

    [Fact]
    public void Refuses_to_start_when_a_listed_project_has_no_provisioner_in_the_state_file()
    {
        var result = WorkerStateMachines.Create("atlassian", "next", StateFile, Machines, ["soc", "devops", " "]);

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().Equal(
            "worker \"atlassian\" lists project \"devops\", but config/statemachines/jira.hcl has no provisioner \"devops\" (it declares: devhop, soc); add provisioner \"devops\" to config/statemachines/jira.hcl or remove devops from the worker's projects",
            "worker \"atlassian\" lists an empty project in projects; write project keys such as [devhop, soc]");
    }

    [Fact]
    public void Moves_a_ticket_to_the_next_state_and_names_its_jira_status()
    {
        Create("devhop").Next("DEVHOP", "In Progress", "next").Should().Be(
            new StateMachineStep.Move("in_progress", "in_review", "In Review"));
    }

    [Fact]
    public void A_move_carries_the_fields_of_the_state_it_enters()
    {
        var move = Create("devhop").Next("DEVHOP", "In Review", "next").Should().BeOfType<StateMachineStep.Move>().Subject;

        move.Fields.Keys.Should().Equal("labels", "resolution");
        move.Fields["resolution"].GetProperty("name").GetString().Should().Be("Done");
        move.Fields["labels"][0].GetString().Should().Be("shipped");
        Create("devhop").Next("DEVHOP", "To Do", "next").Should().BeOfType<StateMachineStep.Move>().Which.Fields.Should().BeEmpty();
    }

    [Fact]
    public void Answers_end_when_the_state_ends_the_machine()
    {
        Create("soc").Next("SOC", "Done", "next").Should().Be(new StateMachineStep.End("done"));
    }

    [Fact]
    public void Explains_a_status_with_no_alias()
    {
        Create("soc").Next("SOC", "Blocked", "next").Should().Be(new StateMachineStep.Unavailable(
            "Jira status \"Blocked\" of project \"soc\" has no alias; known statuses: \"Done\", \"In Progress\", \"To Do\" (statuses match exactly; add it to aliasmapper \"soc\" to handle it)"));
    }

    [Fact]
    public void Explains_an_event_the_state_does_not_define()
    {
        Create("soc").Next("SOC", "To Do", "prev").Should().Be(new StateMachineStep.Unavailable(
            "state \"to_do\" (Jira status \"To Do\") of project \"soc\" has no transition for event \"prev\"; events defined for it: next"));
    }

    [Fact]
    public void Explains_a_project_the_worker_does_not_list_even_when_the_file_has_it()
    {
        Create("soc").Next("DEVHOP", "To Do", "next").Should().Be(new StateMachineStep.Unavailable(
            "worker \"atlassian\" does not handle project \"DEVHOP\"; it handles: SOC"));
    }

    [Fact]
    public void Handles_nothing_for_a_worker_without_a_state_file()
    {
        var none = WorkerStateMachines.None("github-only");

        none.Projects.Should().BeEmpty();
        none.Handles("SOC").Should().BeFalse();
        none.Next("SOC", "To Do", "next").Should().Be(new StateMachineStep.Unavailable(
            "worker \"github-only\" does not handle project \"SOC\"; it handles no project"));
    }

    private static WorkerStateMachines Create(params string[] projects)
    {
        var result = WorkerStateMachines.Create("atlassian", "next", StateFile, Machines, projects);
        result.Errors.Should().BeEmpty();
        return result.StateMachines!;
    }

    private static StateMachineSet LoadMachines()
    {
        var result = StateMachineLoader.Load(
            """
            provisioner "devhop" {
              aliasmapper "devhop" {
                aliases = { to_do: "To Do", in_progress: "In Progress", in_review: "In Review", done: "Done" }
              }
              statemachine "devhop" {
                initial = "to_do"
                state "to_do" "next"       { transition = "in_progress" }
                state "in_progress" "next" { transition = "in_review" }
                state "in_review" "next"   { transition = "done" }
                state "done" "next"        { transition = "<end>" }
                state "done" { fields = { resolution = { name = "Done" }, labels = ["shipped"] } }
              }
            }
            provisioner "soc" {
              aliasmapper "soc" {
                aliases = { to_do: "To Do", in_progress: "In Progress", done: "Done" }
              }
              statemachine "soc" {
                initial = "to_do"
                state "to_do" "next"       { transition = "in_progress" }
                state "in_progress" "next" { transition = "done" }
                state "done" "next"        { transition = "<end>" }
              }
            }
            """,
            "jira.hcl");
        result.Diagnostics.Should().BeEmpty();
        return result.Set!;
    }
}

namespace Unotify.Host.Tests.Cli;

public sealed class GraphCommandTests : IDisposable
{
    private const string TwoStates = """
        provisioner "m" {
          aliasmapper "m" {
            aliases = { open: "Open", shut: "Shut \"for good\"" }
          }
          statemachine "m" {
            initial = "open"
            state "open" "close" { transition = "shut" }
            state "shut" "close" { transition = "<end>" }
          }
        }
        """;

    private readonly CliFiles _files = new();

    [Fact]
    public async Task Draws_Mermaid_by_default_with_states_labelled_by_their_Jira_names()
    {
        var path = _files.Write("two.hcl", TwoStates);

        var result = await UnotifyCli.RunAsync("graph", path);

        result.Should().Be(new CliResult(0, """
            stateDiagram-v2
                state m {
                    state "Open" as m_open
                    state "Shut #quot;for good#quot;" as m_shut
                    [*] --> m_open
                    m_open --> m_shut : close
                    m_shut --> [*] : close
                }

            """, ""));
    }

    [Theory]
    [InlineData("--format", "dot")]
    [InlineData("--format=dot")]
    public async Task Draws_Graphviz_DOT_when_asked(params string[] options)
    {
        var path = _files.Write("two.hcl", TwoStates);

        var result = await UnotifyCli.RunAsync(["graph", path, .. options]);

        result.Should().Be(new CliResult(0, """
            digraph statemachines {
                rankdir=LR;
                node [shape=box, style=rounded];
                subgraph "cluster_m" {
                    label="m";
                    "m/start" [shape=point, label=""];
                    "m/state/open" [label="Open"];
                    "m/state/shut" [label="Shut \"for good\""];
                    "m/end" [shape=doublecircle, label="<end>"];
                    "m/start" -> "m/state/open";
                    "m/state/open" -> "m/state/shut" [label="close"];
                    "m/state/shut" -> "m/end" [label="close"];
                }
            }

            """, ""));
    }

    [Fact]
    public async Task Draws_every_machine_of_the_shipped_file()
    {
        var result = await UnotifyCli.RunAsync("graph", CliFiles.ShippedJiraHcl, "--format", "mermaid");

        result.ExitCode.Should().Be(0);
        result.Error.Should().BeEmpty();
        result.Output.Should().StartWith("stateDiagram-v2\n    state devhop {\n")
            .And.Contain("    state soc {\n")
            .And.Contain("state \"In Review\" as devhop_in_review");
    }

    [Fact]
    public async Task Warnings_go_to_standard_error_and_the_machine_is_still_drawn()
    {
        var path = _files.Write("unreachable.hcl", UnreachableStateMachine.Text);

        var result = await UnotifyCli.RunAsync("graph", path);

        result.ExitCode.Should().Be(0);
        result.Output.Should().Contain("m_b --> m_a : go");
        result.Error.Should().Be($"{path}:5:9: warning: {UnreachableStateMachine.Warning}\n");
    }

    [Fact]
    public async Task A_file_with_errors_is_not_drawn_and_its_errors_go_to_standard_error_with_exit_1()
    {
        var path = _files.Write("orphan.hcl", "statemachine \"soc\" {\n  initial = \"to_do\"\n}\n");

        var result = await UnotifyCli.RunAsync("graph", path);

        result.ExitCode.Should().Be(1);
        result.Output.Should().BeEmpty();
        result.Error.Should().StartWith($"{path}:1:14: error: statemachine \"soc\" matches no provisioner; add provisioner \"soc\" {{ }}\n");
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_it()
    {
        var path = _files.Missing("nowhere.hcl");

        var result = await UnotifyCli.RunAsync("graph", path);

        result.ExitCode.Should().Be(1);
        result.Output.Should().BeEmpty();
        result.Error.Should().StartWith($"{path}:1:1: error: state-machine file not found: {path} does not exist");
    }

    [Fact]
    public async Task An_unknown_format_exits_2_naming_the_valid_ones()
    {
        var result = await UnotifyCli.RunAsync("graph", CliFiles.ShippedJiraHcl, "--format", "svg");

        result.ExitCode.Should().Be(2);
        result.Output.Should().BeEmpty();
        result.Error.Should().StartWith("unotify graph: Argument 'svg' not recognized. Must be one of:").And.Contain("'mermaid'").And.Contain("'dot'");
    }

    public void Dispose() => _files.Dispose();
}

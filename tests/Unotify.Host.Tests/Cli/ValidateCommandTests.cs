namespace Unotify.Host.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly CliFiles _files = new();

    [Fact]
    public async Task The_shipped_state_machines_are_ok_with_no_warnings()
    {
        var result = await UnotifyCli.RunAsync("validate", CliFiles.ShippedJiraHcl);

        result.Should().Be(new CliResult(0, $"{CliFiles.ShippedJiraHcl}: ok, 2 state machines (devhop, soc), 0 warnings\n", ""));
    }

    [Fact]
    public async Task An_error_in_any_file_exits_1_after_reporting_every_file()
    {
        var broken = _files.Write("broken.hcl", """
            provisioner "m" {}
            statemachine "m" {
              initial = "a"
              state "a" "go" { transition = "b" }
            }
            aliasmapper "m" {
              aliases = { a: "A" }
            }
            """);

        var result = await UnotifyCli.RunAsync("validate", broken, CliFiles.ShippedJiraHcl);

        result.Should().Be(new CliResult(1, $"""
            {broken}:4:33: error: state "a" event "go" goes to "b", which is not a state of statemachine "m"; use one of: a or "<end>"
            {broken}: 1 error, 0 warnings
            {CliFiles.ShippedJiraHcl}: ok, 2 state machines (devhop, soc), 0 warnings

            """, ""));
    }

    [Fact]
    public async Task Checks_the_fields_of_a_state_for_a_known_state_and_literal_values()
    {
        var path = _files.Write("fields.hcl", """
            provisioner "m" {}
            aliasmapper "m" {
              aliases = { a: "A", b: "B" }
            }
            statemachine "m" {
              initial = "a"
              state "a" "go" { transition = "b" }
              state "b" "go" { transition = "<end>" }
              state "b" { fields = { resolution = { name = "Done" } } }
              state "c" { fields = { resolution = { name = "Done" } } }
              state "a" { fields = { assignee = local.me } }
            }
            """);

        var result = await UnotifyCli.RunAsync("validate", path);

        (result.ExitCode, result.Output).Should().Be((1, $$"""
            {{path}}:10:9: error: state "c" has fields but is not a state of statemachine "m"; use one of: a, b
            {{path}}:11:37: error: fields of state "a" must hold only literal values (strings, numbers, true, false, null, lists and objects of them), e.g. { resolution = { name = "Done" } }; local.me is not one
            {{path}}: 2 errors, 0 warnings

            """));
    }

    [Fact]
    public async Task Warnings_alone_are_printed_and_exit_0()
    {
        var path = _files.Write("unreachable.hcl", UnreachableStateMachine.Text);

        var result = await UnotifyCli.RunAsync("validate", path);

        result.Should().Be(new CliResult(0, $"""
            {path}:5:9: warning: {UnreachableStateMachine.Warning}
            {path}: ok, 1 state machine (m), 1 warning

            """, ""));
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_it()
    {
        var path = _files.Missing("nowhere.hcl");

        var result = await UnotifyCli.RunAsync("validate", path);

        result.ExitCode.Should().Be(1);
        result.Output.Should().StartWith($"{path}:1:1: error: state-machine file not found: {path} does not exist")
            .And.EndWith($"{path}: 1 error, 0 warnings\n");
    }

    public void Dispose() => _files.Dispose();
}

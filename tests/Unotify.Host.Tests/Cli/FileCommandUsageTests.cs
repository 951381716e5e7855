namespace Unotify.Host.Tests.Cli;

public sealed class FileCommandUsageTests
{
    [Theory]
    [InlineData("hcl FILE ", "hcl")]
    [InlineData("hcl FILE ", "hcl", "a.hcl", "b.hcl")]
    [InlineData("hcl FILE ", "hcl", "a.hcl", "--pretty")]
    [InlineData("validate FILE... ", "validate")]
    [InlineData("validate FILE... ", "validate", "a.hcl", "--strict")]
    [InlineData("graph FILE [--format mermaid|dot] ", "graph")]
    [InlineData("graph FILE [--format mermaid|dot] ", "graph", "a.hcl", "b.hcl")]
    [InlineData("graph FILE [--format mermaid|dot] ", "graph", "a.hcl", "--format")]
    [InlineData("graph FILE [--format mermaid|dot] ", "graph", "a.hcl", "--colour", "red")]
    public async Task Wrong_words_or_options_print_the_command_usage_and_exit_2(string usage, params string[] args)
    {
        var result = await UnotifyCli.RunAsync(args);

        result.ExitCode.Should().Be(2);
        result.Output.Should().BeEmpty();
        result.Error.Should().StartWith($"unotify {args[0]}: expected one of:\n  unotify {usage}");
    }
}

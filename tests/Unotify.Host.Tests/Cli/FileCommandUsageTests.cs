namespace Unotify.Host.Tests.Cli;

public sealed class FileCommandUsageTests
{
    [Theory]
    [InlineData("Required argument 'file' missing", "hcl")]
    [InlineData("Unrecognized command or argument 'b.hcl'", "hcl", "a.hcl", "b.hcl")]
    [InlineData("Unrecognized command or argument '--pretty'", "hcl", "a.hcl", "--pretty")]
    [InlineData("Required argument 'files' missing", "validate")]
    [InlineData("Unrecognized command or argument '--strict'", "validate", "a.hcl", "--strict")]
    [InlineData("Required argument 'file' missing", "graph")]
    [InlineData("Unrecognized command or argument 'b.hcl'", "graph", "a.hcl", "b.hcl")]
    [InlineData("Required argument missing for option: '--format'", "graph", "a.hcl", "--format")]
    [InlineData("Argument 'svg' not recognized. Must be one of:", "graph", "a.hcl", "--format", "svg")]
    [InlineData("Unrecognized command or argument '--colour'", "graph", "a.hcl", "--colour", "red")]
    public async Task Wrong_words_or_options_name_the_problem_and_exit_2(string problem, params string[] args)
    {
        var result = await UnotifyCli.RunAsync(args);

        result.ExitCode.Should().Be(2);
        result.Output.Should().BeEmpty();
        result.Error.Should().StartWith($"unotify {args[0]}: {problem}").And.Contain($"Run 'unotify {args[0]} --help' for its arguments and options.");
    }
}

namespace Unotify.Host.Tests.Cli;

/// <summary>What one run of the command line gave: its exit code and everything it wrote.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The secret printed by <c>hooks register</c> or <c>hooks rotate</c> (the line <c>secret: …</c>).</summary>
    public string SecretShown =>
        Output.Split('\n').Single(line => line.Contains("secret:", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Split(' ')[0];
}

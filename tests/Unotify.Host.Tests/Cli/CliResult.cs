namespace Unotify.Host.Tests.Cli;

/// <summary>What one run of the command line gave: its exit code and everything it wrote.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

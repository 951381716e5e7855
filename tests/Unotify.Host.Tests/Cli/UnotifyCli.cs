using Unotify.Host.Cli;

namespace Unotify.Host.Tests.Cli;

/// <summary>Runs <c>unotify ARGS…</c> in-process, as Program.cs does, capturing standard output and error.</summary>
internal static class UnotifyCli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await UnotifyCommandLine.RunAsync(args, output, error, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

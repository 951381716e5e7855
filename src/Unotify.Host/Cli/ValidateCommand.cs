using Unotify.StateMachines;

namespace Unotify.Host.Cli;

/// <summary><c>unotify validate FILE...</c>: checks state-machine files and prints every error and warning; exits 1 when any file has an error.</summary>
internal sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public IReadOnlyList<string> Usage =>
    [
        $"{"validate FILE...",-45} check state-machine files; print every error and warning",
    ];

    public async Task<int> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Words.Count == 0 || invocation.Options.Length > 0)
        {
            return await CommandUsage.WriteAsync(invocation, this);
        }

        var report = await StateMachineValidationReport.ForFilesAsync(invocation.Words, cancellationToken);
        await invocation.Output.WriteAsync(report.Format());
        return report.HasErrors ? ExitCodes.Failure : ExitCodes.Success;
    }
}

using System.CommandLine;
using Unotify.StateMachines;

namespace Unotify.Host.Cli;

/// <summary><c>unotify validate FILE...</c>: checks state-machine files and prints every error and warning; exits 1 when any file has an error.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "the state-machine files", Arity = ArgumentArity.OneOrMore };
        files.Validators.Add(result =>
        {
            // Every word after the command is a file, so an option validate does not have would be read as one.
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-')))
            {
                result.AddError($"Unrecognized command or argument '{token.Value}' (validate takes only files; write ./{token.Value} for a file whose name starts with '-').");
            }
        });
        var command = new Command("validate", "Check state-machine files; print every error and warning.") { files };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var report = await StateMachineValidationReport.ForFilesAsync(parsed.GetValue(files)!, cancellationToken);
            await parsed.InvocationConfiguration.Output.WriteAsync(report.Format());
            return report.HasErrors ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}

namespace Unotify.Host.Cli;

/// <summary>Answers a command used the wrong way: its usage lines on standard error, exit code 2.</summary>
internal static class CommandUsage
{
    public static async Task<int> WriteAsync(CommandInvocation invocation, ICommand command)
    {
        await invocation.Error.WriteLineAsync($"unotify {command.Name}: expected one of:");
        foreach (var line in command.Usage)
        {
            await invocation.Error.WriteLineAsync("  unotify " + line);
        }

        return ExitCodes.Usage;
    }
}

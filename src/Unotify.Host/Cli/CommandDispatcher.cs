using Unotify.Host.Hosting;

namespace Unotify.Host.Cli;

/// <summary>
/// <c>unotify [command] [words…] [--options…]</c>: picks the command by its first word (none means <c>all</c>) and
/// passes the rest on. To add a command, add an <see cref="ICommand"/> to <see cref="Commands"/>.
/// </summary>
internal static class CommandDispatcher
{
    private static readonly IReadOnlyList<ICommand> Commands =
    [
        new RunHostCommand("all", HostRole.All, "run the HTTP API and the workers (the default)"),
        new RunHostCommand("serve", HostRole.Serve, "run the HTTP API only"),
        new RunHostCommand("work", HostRole.Work, "run the workers only (plus /healthz, /readyz, /metrics)"),
        new HooksCommand(),
        new DeadLettersCommand(),
        new HclCommand(),
        new ValidateCommand(),
        new GraphCommand(),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Any(arg => arg is "--help" or "-h" or "help"))
        {
            WriteHelp(output);
            return ExitCodes.Success;
        }

        var commandWord = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "all";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        var command = Commands.FirstOrDefault(candidate => candidate.Name == commandWord);
        if (command is null)
        {
            await error.WriteLineAsync($"unotify: unknown command '{commandWord}'. Run 'unotify --help' for the commands.");
            return ExitCodes.Usage;
        }

        var words = rest.TakeWhile(arg => !arg.StartsWith('-')).ToList();
        var options = rest.Skip(words.Count).ToArray();
        return await command.RunAsync(new CommandInvocation(words, options, output, error), cancellationToken);
    }

    private static void WriteHelp(TextWriter output)
    {
        output.WriteLine("Unotify: receives webhooks, verifies and queues them, and runs processor plugins on them.");
        output.WriteLine();
        output.WriteLine("Usage: unotify [command] [arguments] [options]");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var line in Commands.SelectMany(command => command.Usage))
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine();
        output.WriteLine("Options (each also an environment variable, and a key under Unotify in appsettings.json):");
        output.WriteLine("  --urls URL[;URL]    ASPNETCORE_URLS           where to listen (default http://127.0.0.1:9091)");
        foreach (var line in HostSettingsReader.HelpLines())
        {
            output.WriteLine(line);
        }

        output.WriteLine();
        output.WriteLine("Exit codes: 0 done, 1 failed, 2 bad usage or configuration, 3 Redis unreachable.");
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Unotify.Host.Cli;

/// <summary>
/// <c>unotify [command] [arguments] [options]</c>: the command tree, parsed by System.CommandLine. No command runs
/// the host with the API and the workers (<c>all</c>). A command line that does not parse exits 2 after naming what
/// is wrong and the command's usage; <c>--help</c> works on every command.
/// </summary>
internal static class UnotifyCommandLine
{
    /// <summary>Parses <paramref name="args"/> and runs the command they name.</summary>
    /// <param name="args">The arguments after the program's name.</param>
    /// <param name="output">Where results and help go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="cancellationToken">Cancels the command (tests); signals are the host's own to handle.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            await WriteParseErrorsAsync(parsed, error);
            return ExitCodes.Usage;
        }

        // No process-termination timeout: System.CommandLine would end the process 2 s after SIGTERM (exit 143), cutting
        // short a host that is letting its requests and jobs finish within UNOTIFY_SHUTDOWN_TIMEOUT. The host's own
        // lifetime handles SIGTERM and Ctrl+C; the other commands are short, and the signal's default ends them.
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The whole command tree.</summary>
    public static RootCommand Build()
    {
        var settings = new SettingsOptions();
        var root = new RootCommand("Unotify: receives webhooks, verifies and queues them, and runs processor plugins on them.")
        {
            // The help's usage lines say "unotify" however the program was started (dotnet unotify.dll, a test host).
            HelpName = "unotify",
        };
        RunHostCommand.Configure(root, settings);
        root.Add(RunHostCommand.Create("all", Hosting.HostRole.All, "Run the HTTP API and the workers (the default).", settings));
        root.Add(RunHostCommand.Create("serve", Hosting.HostRole.Serve, "Run the HTTP API only.", settings));
        root.Add(RunHostCommand.Create("work", Hosting.HostRole.Work, "Run the workers only (and /healthz, /readyz, /metrics).", settings));
        root.Add(HooksCommand.Create(settings));
        root.Add(DeadLettersCommand.Create(settings));
        root.Add(DeliveriesCommand.Create(settings));
        root.Add(ExplainCommand.Create(settings));
        root.Add(SimulateCommand.Create(settings));
        root.Add(HclCommand.Create());
        root.Add(ValidateCommand.Create());
        root.Add(GraphCommand.Create());

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithFooter(new HelpAction { MaxWidth = CommandConsole.Width });
        return root;
    }

    /// <summary>The command's path as typed (<c>unotify hooks register</c>).</summary>
    public static string PathOf(Command command)
    {
        var words = new List<string>();
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
        {
            words.Add(current is RootCommand ? "unotify" : current.Name);
        }

        words.Reverse();
        return string.Join(' ', words);
    }

    private static async Task WriteParseErrorsAsync(ParseResult parsed, TextWriter error)
    {
        var command = parsed.CommandResult.Command;
        var path = PathOf(command);
        foreach (var problem in parsed.Errors)
        {
            await error.WriteLineAsync($"{path}: {problem.Message}");
        }

        if (command.Subcommands.Count > 0 && command is not RootCommand)
        {
            await error.WriteLineAsync($"Its commands: {string.Join(", ", command.Subcommands.Select(subcommand => subcommand.Name))}.");
        }

        await error.WriteLineAsync($"Run '{path} --help' for its arguments and options.");
    }

    /// <summary>The standard help, then where settings come from and the exit codes.</summary>
    private sealed class HelpWithFooter(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Settings are read from appsettings.json (section Unotify), then the environment variables in");
            output.WriteLine("brackets, then the options; later sources win.");
            output.WriteLine();
            output.WriteLine("Exit codes: 0 done, 1 failed (not found, errors in a file), 2 bad usage or configuration,");
            output.WriteLine("3 the store is unreachable.");
            return ExitCodes.Success;
        }
    }
}

using System.Diagnostics;

namespace Unotify.EndToEnd.Tests.Support;

/// <summary>Runs the real `unotify` binary once, as an operator would from a shell, and captures what it printed.</summary>
public static class UnotifyCommand
{
    /// <summary>Runs `dotnet unotify.dll <paramref name="arguments"/>` in <paramref name="directory"/> with <paramref name="environment"/>.</summary>
    /// <returns>The exit code, what it printed on stdout and on stderr, and how long it took.</returns>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/> (it is killed).</exception>
    public static async Task<(int ExitCode, string Output, string Error, TimeSpan Took)> RunAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryLayout.HostAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await ExternalCommand.WaitAsync(start, timeout);
    }
}

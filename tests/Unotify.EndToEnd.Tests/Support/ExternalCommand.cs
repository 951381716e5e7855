using System.Diagnostics;

namespace Unotify.EndToEnd.Tests.Support;

/// <summary>Runs a tool of the machine (dotnet, chmod, find, systemd-analyze, bash) and captures what it printed.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> in the current folder, for up to 30 seconds.</summary>
    /// <returns>The exit code and its standard output followed by its standard error.</returns>
    public static Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments) =>
        RunAsync(file, arguments, directory: null, TimeSpan.FromSeconds(30));

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> in <paramref name="directory"/>.</summary>
    /// <param name="file">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="directory">Its working folder, or <see langword="null"/> for the current one.</param>
    /// <param name="timeout">How long it may take before it is killed and <see cref="TimeoutException"/> thrown.</param>
    /// <param name="unset">Variables of this process it must not inherit.</param>
    /// <returns>The exit code and its standard output followed by its standard error.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IReadOnlyList<string> arguments, string? directory, TimeSpan timeout, IReadOnlyList<string>? unset = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in unset ?? [])
        {
            start.Environment.Remove(variable);
        }

        var (exitCode, output, error, _) = await WaitAsync(start, timeout);
        return (exitCode, $"{output}\n{error}".Trim('\n'));
    }

    /// <summary>Starts <paramref name="start"/> (its output redirected) and waits for it to end.</summary>
    /// <returns>The exit code, what it printed on stdout and on stderr, and how long it took.</returns>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/> (it is killed).</exception>
    public static async Task<(int ExitCode, string Output, string Error, TimeSpan Took)> WaitAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(start);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end within {timeout}:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error, stopwatch.Elapsed);
    }
}

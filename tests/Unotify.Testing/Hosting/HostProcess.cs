using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Unotify.Testing.Hosting;

/// <summary>
/// The real `unotify` binary in a child process on a free loopback port, as an operator runs it: end-to-end tests kill
/// it with SIGKILL and start another, benchmarks time its start. Its output is drained (the host logs every delivery)
/// and its last lines kept for failure messages; with a log file, all of it goes there too.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly StreamWriter? _log;

    private HostProcess(Process process, Uri baseAddress, string? logFile)
    {
        _process = process;
        _log = logFile is null ? null : new StreamWriter(logFile, append: false);
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where the host listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>From process start until /readyz first answered 200.</summary>
    public TimeSpan StartToReady { get; private set; }

    /// <summary>The child's process id (for RSS readings).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the process wrote.</summary>
    public string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>
    /// Starts `dotnet <paramref name="hostAssembly"/> <paramref name="role"/>` with <paramref name="environment"/> and
    /// waits until /readyz answers 200.
    /// </summary>
    /// <param name="hostAssembly">The built unotify.dll.</param>
    /// <param name="role">all, serve or work.</param>
    /// <param name="environment">Variables added to the child's environment.</param>
    /// <param name="workingDirectory">The child's working directory.</param>
    /// <param name="logFile">Where to write all of its output, or <see langword="null"/>.</param>
    /// <param name="launcher">
    /// A command that runs `dotnet` in its turn (<c>setpriv --reuid=1654 …</c>, to run the host as another user), or
    /// <see langword="null"/> to start `dotnet` directly.
    /// </param>
    /// <returns>The ready host; dispose it to kill it.</returns>
    public static async Task<HostProcess> StartAsync(
        string hostAssembly, string role, IReadOnlyDictionary<string, string> environment, string workingDirectory, string? logFile = null,
        IReadOnlyList<string>? launcher = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!File.Exists(hostAssembly))
        {
            throw new InvalidOperationException($"The host is not built at {hostAssembly}; build the solution (./test.sh does) first.");
        }

        // A free port can be taken (by another test's connection or listener) between LoopbackPorts.Free and the
        // host's bind: a host that exits for that alone is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(hostAssembly, role, environment, workingDirectory, logFile, launcher).ConfigureAwait(false);
            }
            catch (PortTakenException) when (attempt < 3)
            {
                // Start again on another free port; the third refusal is thrown.
            }
        }
    }

    private static async Task<HostProcess> StartOnceAsync(
        string hostAssembly, string role, IReadOnlyDictionary<string, string> environment, string workingDirectory, string? logFile,
        IReadOnlyList<string>? launcher)
    {
        var port = LoopbackPorts.Free();
        var address = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        List<string> command = launcher is { Count: > 0 } ? [.. launcher, "dotnet"] : ["dotnet"];
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1).Concat([hostAssembly, role, "--urls", address]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var started = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostProcess(process, new Uri(address), logFile);
        try
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        host.StartToReady = started.Elapsed;
        return host;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs, leases are left as they are.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Sends the process SIGHUP, which asks a running unotify to reload its configuration.</summary>
    /// <returns>A task that completes when the signal has been sent.</returns>
    public async Task HangUpAsync()
    {
        using var kill = Process.Start("kill", ["-HUP", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Asks the process to stop (SIGTERM, as systemd or Kubernetes would) and waits until it has exited.</summary>
    /// <param name="timeout">How long it may take to stop.</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="TimeoutException">It did not stop within <paramref name="timeout"/> (it is then killed).</exception>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
            throw new TimeoutException($"unotify did not stop within {timeout} of SIGTERM:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
        lock (_lastLines)
        {
            _log?.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync().ConfigureAwait(false);
                var output = Output;
                if (output.Contains($"Failed to bind to address {BaseAddress.ToString().TrimEnd('/')}: address already in use", StringComparison.Ordinal))
                {
                    throw new PortTakenException($"unotify could not bind {BaseAddress}, which another process took first:\n{output}");
                }

                throw new InvalidOperationException($"unotify exited with code {_process.ExitCode} before it was ready:\n{output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    if (_process.HasExited || !ListeningSockets.IsListenedOnBy(_process.Id, BaseAddress.Port))
                    {
                        // Another process answered on the port this one could not (or will not) bind: start again on
                        // another port (disposing this host kills it).
                        throw new PortTakenException($"another process answered on {BaseAddress}, which unotify (pid {_process.Id}) does not listen on:\n{Output}");
                    }

                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, but too busy starting to answer.
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException($"unotify was not ready within {timeout}:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _log?.WriteLine(line);
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }
}

/// <summary>The host exited because the port it was given was taken before it could bind it.</summary>
internal sealed class PortTakenException(string message) : InvalidOperationException(message);

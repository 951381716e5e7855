using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Unotify.Benchmarks.EndToEnd;

/// <summary>
/// The Release `unotify all` in a child process on a free loopback port, as an operator runs it. Its output is drained
/// (the host logs every delivery at Information) and its last lines kept for error messages.
/// </summary>
internal sealed class BenchHostProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly StreamWriter? _log;

    private BenchHostProcess(Process process, Uri baseAddress, string? logFile)
    {
        _process = process;
        _log = logFile is null ? null : new StreamWriter(logFile, append: false);
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>From process start until /readyz first answered 200.</summary>
    public TimeSpan StartToReady { get; private set; }

    public int ProcessId => _process.Id;

    public string LastLines
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>Starts the host and waits until it is ready; with <paramref name="logFile"/>, all its output goes there too.</summary>
    public static async Task<BenchHostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, string? logFile)
    {
        if (!File.Exists(BenchRepository.HostAssembly))
        {
            throw new InvalidOperationException($"The Release host is not built at {BenchRepository.HostAssembly}; run `dotnet build src/Unotify.Host -c Release` first.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { BenchRepository.HostAssembly, "all", "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}") },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var started = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new BenchHostProcess(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")), logFile);
        try
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        host.StartToReady = started.Elapsed;
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        if (_log is not null)
        {
            lock (_lastLines)
            {
                _log.Dispose();
            }
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
                throw new InvalidOperationException($"unotify exited with code {_process.ExitCode} before it was ready:\n{LastLines}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
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

            await Task.Delay(20);
        }

        throw new TimeoutException($"unotify was not ready within {timeout}:\n{LastLines}");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

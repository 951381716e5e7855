using System.Diagnostics;
using System.Globalization;

namespace Unotify.Testing.Redis;

/// <summary>
/// A three-master Redis Cluster of a test's own on loopback, each node with an append-only file fsynced before every
/// reply (<c>appendfsync always</c>), so that a node killed with SIGKILL and started again on the same port and
/// directory comes back with every write it answered, and takes its slots back (its <c>nodes.conf</c> keeps its id).
/// The other masters keep serving their slots while one is down (<c>cluster-require-full-coverage no</c>, as
/// docs/scaling.md advises for partitioned workers).
/// </summary>
public sealed class PrivateRedisCluster : IAsyncDisposable
{
    private const int Nodes = 3;
    private readonly TemporaryDirectory _directory = new();
    private readonly int[] _ports = new int[Nodes];
    private readonly int[] _busPorts = new int[Nodes];
    private readonly Process?[] _processes = new Process?[Nodes];

    private PrivateRedisCluster()
    {
        for (var node = 0; node < Nodes; node++)
        {
            _ports[node] = LoopbackPorts.Free();
            _busPorts[node] = LoopbackPorts.Free();
        }
    }

    /// <summary>A StackExchange.Redis connection string naming every node.</summary>
    public string ConnectionString => string.Join(',', _ports.Select(port => $"127.0.0.1:{port}"));

    /// <summary>Starts three nodes, joins them with <c>redis-cli --cluster create</c> and waits until the cluster is ok.</summary>
    /// <returns>The running cluster; dispose it to kill its nodes and delete their files.</returns>
    public static async Task<PrivateRedisCluster> StartAsync()
    {
        var cluster = new PrivateRedisCluster();
        try
        {
            for (var node = 0; node < Nodes; node++)
            {
                cluster.Start(node);
            }

            foreach (var port in cluster._ports)
            {
                await Eventually.HoldsAsync(async () => (await RedisCliAsync(port, "ping")).Contains("PONG", StringComparison.Ordinal), TimeSpan.FromSeconds(10), $"redis-server to listen on {port}");
            }

            var created = await RunAsync("redis-cli", ["--cluster", "create", .. cluster._ports.Select(port => $"127.0.0.1:{port}"), "--cluster-replicas", "0", "--cluster-yes"]);
            if (!created.Contains("All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"redis-cli --cluster create did not cover every slot:\n{created}");
            }

            await cluster.WaitUntilOkAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node (0–2) listening on <paramref name="port"/>.</summary>
    /// <param name="port">A node's port, as a connection's endpoint names it.</param>
    /// <returns>The node's number.</returns>
    public int NodeOn(int port) =>
        Array.IndexOf(_ports, port) is var node and >= 0 ? node : throw new ArgumentException($"No node of the cluster listens on {port}.", nameof(port));

    /// <summary>Kills node <paramref name="node"/> (0–2) with SIGKILL, as a crash would.</summary>
    /// <param name="node">The node.</param>
    /// <returns>A task that completes when its process has exited.</returns>
    public async Task KillAsync(int node)
    {
        if (_processes[node] is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _processes[node]?.Dispose();
        _processes[node] = null;
    }

    /// <summary>Starts node <paramref name="node"/> again on its port and directory and waits until the cluster is ok.</summary>
    /// <param name="node">The node.</param>
    /// <returns>A task that completes when the cluster is ok again.</returns>
    public async Task RestartAsync(int node)
    {
        Start(node);
        await WaitUntilOkAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        for (var node = 0; node < Nodes; node++)
        {
            await KillAsync(node);
        }

        _directory.Dispose();
    }

    private void Start(int node)
    {
        var directory = Path.Combine(_directory.Path, _ports[node].ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", _ports[node].ToString(CultureInfo.InvariantCulture),
            "--cluster-enabled", "yes", "--cluster-port", _busPorts[node].ToString(CultureInfo.InvariantCulture),
            "--cluster-config-file", Path.Combine(directory, "nodes.conf"), "--cluster-node-timeout", "2000",
            "--cluster-require-full-coverage", "no",
            "--dir", directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
            "--logfile", Path.Combine(directory, "redis.log"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _processes[node] = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed: run ./test.sh, which installs it.", exception);
        }

        _processes[node]!.BeginOutputReadLine();
    }

    private async Task WaitUntilOkAsync()
    {
        foreach (var port in _ports)
        {
            await Eventually.HoldsAsync(
                async () => (await RedisCliAsync(port, "cluster", "info")).Contains("cluster_state:ok", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                $"the cluster node on {port} to report cluster_state:ok");
        }
    }

    private static Task<string> RedisCliAsync(int port, params string[] command) =>
        RunAsync("redis-cli", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. command]);

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }
}

// A Garnet with the embedded store's options (EmbeddedGarnetServer, default sizes), written to by 16 writers that each
// await the append-only file's commit after every write, as the host does before it answers 202; then killed.
//
//   dotnet run -c Release --project bench/garnet-restart -- kill <rounds>
//       starts the server in a child process, kills it (SIGKILL) 0.05-3 s after it is ready, starts it again on the
//       same directory, and stops at the first start that lost the sentinel key or an acknowledged write.
//   dotnet run -c Release --project bench/garnet-restart -- damage <none|delete-commits|zero-commit|empty-commit|empty-aof>
//       writes for 4 s, kills, damages the append-only file's commit records (or the file itself) as named, starts
//       again and says what came back.
//   (child <directory> <port> is the server the other two start.)
using System.Diagnostics;
using Garnet;
using StackExchange.Redis;

if (args is ["child", var childDirectory, var childPort])
{
    await RunServerAsync(childDirectory, childPort);
    return 0;
}

var directory = Path.Combine(Path.GetTempPath(), "garnet-restart-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);
Console.WriteLine($"directory {directory}");
var aof = Path.Combine(directory, "checkpoints", "AOF");
switch (args)
{
    case ["kill", var roundText]:
        var random = new Random();
        for (var round = 1; round <= int.Parse(roundText); round++)
        {
            await using var server = await ServerProcess.StartAsync(directory);
            Console.WriteLine($"round {round}: commit records before [{CommitFiles(aof)}]; {server.Start}");
            if (round > 1 && !server.Recovered)
            {
                Console.WriteLine($"EMPTY OR SHORT RESTART in round {round}; the directory is kept");
                return 3;
            }

            await Task.Delay(random.Next(50, 3000));
        }

        Console.WriteLine("every restart came back with the sentinel and every acknowledged write");
        Directory.Delete(directory, recursive: true);
        return 0;
    case ["damage", var how]:
        await using (var first = await ServerProcess.StartAsync(directory))
        {
            await Task.Delay(4000);
        }

        Console.WriteLine($"after 4 s and a kill: [{CommitFiles(aof)}], aof.log.0 {new FileInfo(Path.Combine(aof, "aof.log.0")).Length:N0} bytes");
        foreach (var commit in Directory.GetFiles(Path.Combine(aof, "log-commits")))
        {
            switch (how)
            {
                case "delete-commits": File.Delete(commit); break;
                case "zero-commit": File.WriteAllBytes(commit, new byte[512]); break;
                case "empty-commit": File.WriteAllBytes(commit, []); break;
            }
        }

        if (how == "empty-aof")
        {
            File.WriteAllBytes(Path.Combine(aof, "aof.log.0"), []);
        }

        await using (var second = await ServerProcess.StartAsync(directory))
        {
            Console.WriteLine($"{how}: {second.Start}{(second.Recovered ? "" : " (LOST)")}");
        }

        Directory.Delete(directory, recursive: true);
        return 0;
    default:
        Console.Error.WriteLine("usage: kill <rounds> | damage <none|delete-commits|zero-commit|empty-commit|empty-aof>");
        return 2;
}

static string CommitFiles(string aof) =>
    Directory.Exists(Path.Combine(aof, "log-commits"))
        ? string.Join(", ", Directory.GetFiles(Path.Combine(aof, "log-commits")).Select(file => $"{Path.GetFileName(file)} {new FileInfo(file).Length} B"))
        : "none";

static async Task RunServerAsync(string directory, string port)
{
    string[] arguments =
    [
        "-q", "--bind", "127.0.0.1", "--port", port,
        "--lua", "--lua-transaction-mode", "--aof", "--recover",
        "--checkpointdir", Path.Combine(directory, "checkpoints"), "--checkpoint-freq", "300",
        "--device-type", "RandomAccess", "--storage-tier", "--logdir", Path.Combine(directory, "log"),
        "--memory", "64m", "--page", "4m", "--max-inline-value-size", "2m", "--mutable-percent", "50",
        "--index", "16m", "--index-max-size", "256m", "--aof-memory", "16m", "--aof-page-size", "8m",
        "--aof-segment-size", "64m", "--segment", "64m",
        "--compaction-type", "Lookup", "--compaction-freq", "0", "--compaction-max-segments", "2", "--aof-size-limit", "64m",
    ];
    using var server = new GarnetServer(arguments, cleanupDir: false);
    server.Start();
    using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port}");
    var database = connection.GetDatabase();

    // The acknowledged count is written after the job it counts and awaited to its commit before the next write: a
    // recovered store holds at least that many jobs.
    var sentinel = await database.StringGetAsync("sentinel");
    var acknowledged = (long?)await database.StringGetAsync("acknowledged") ?? 0;
    var jobs = 0L;
    await foreach (var _ in connection.GetServer($"127.0.0.1:{port}").KeysAsync(pattern: "job:*", pageSize: 1000))
    {
        jobs++;
    }

    Console.WriteLine($"START sentinel {(sentinel.IsNull ? "missing" : "present")}, acknowledged {acknowledged}, jobs {jobs}");
    if (sentinel.IsNull)
    {
        await database.StringSetAsync("sentinel", "x");
        await server.Store.WaitForCommitAsync();
    }

    var value = new byte[2_000];
    var writers = Enumerable.Range(0, 16).Select(async _ =>
    {
        while (true)
        {
            await database.StringSetAsync($"job:{Guid.NewGuid():N}", value);
            await server.Store.WaitForCommitAsync();
            await database.StringIncrementAsync("acknowledged");
            await server.Store.WaitForCommitAsync();
        }
    }).ToArray();
    Console.WriteLine("READY");
    await Task.WhenAll(writers);
}

/// <summary>The server in a child process, killed (SIGKILL) when disposed.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string start)
    {
        _process = process;
        Start = start;
    }

    /// <summary>What the server said it found when it started.</summary>
    public string Start { get; }

    /// <summary>Whether it found the sentinel and at least as many jobs as were acknowledged.</summary>
    public bool Recovered
    {
        get
        {
            var words = Start.Replace(",", "").Split(' ');
            return words[1] == "present" && long.Parse(words[5]) >= long.Parse(words[3]);
        }
    }

    public static async Task<ServerProcess> StartAsync(string directory)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(ServerProcess).Assembly.Location, "child", directory, "6498"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        string? line;
        string? said = null;
        while ((line = await process.StandardOutput.ReadLineAsync()) != "READY")
        {
            if (line is null)
            {
                throw new InvalidOperationException("the server exited: " + await process.StandardError.ReadToEndAsync());
            }

            if (line.StartsWith("START ", StringComparison.Ordinal))
            {
                said = line["START ".Length..];
            }
        }

        return new ServerProcess(process, said ?? "said nothing");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

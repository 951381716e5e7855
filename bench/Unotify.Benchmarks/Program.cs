using BenchmarkDotNet.Running;
using Unotify.Benchmarks;
using Unotify.Benchmarks.Ceiling;
using Unotify.Benchmarks.EndToEnd;

// Measured runs that need servers take a mode name; anything else goes to BenchmarkDotNet.
//   queue [host:port]                          enqueue → fetch → ack and wake-up latency (redis-server, Garnet)
//   route [--calls 20000]                      the hub's RouteAsync alone: routes/s and CPU per route
//   ceiling --urls URL --secret S              the minimal Kestrel + HMAC endpoint bench/load.sh compares with
//   e2e [--rate 200] [--seconds 30]            POST → transition at the fake Jira, p50/p99
//   throughput [--tickets 3000] [--delay-ms 20] [--concurrency 32]   tickets/s through a slow fake Jira
//   reap [--keys 200000]                       the embedded store's expired-key scan and deletion: time and memory
//   history-list [--entries 100000] [--redis host:port]   a page of the history's list: one set against buckets
return args switch
{
    ["queue", ..] => await QueueBenchmarks.RunAsync(args[1..]),
    ["route", ..] => await RouteCostRun.RunAsync(BenchOptions.Parse(args[1..])),
    ["ceiling", ..] => await CeilingServer.RunAsync(args[1..]),
    ["e2e", ..] => await EndToEndLatencyRun.RunAsync(BenchOptions.Parse(args[1..])),
    ["throughput", ..] => await TicketThroughputRun.RunAsync(BenchOptions.Parse(args[1..])),
    ["reap", ..] => await ReaperRun.RunAsync(args[1..]),
    ["history-list", ..] => await HistoryListRun.RunAsync(args[1..]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}

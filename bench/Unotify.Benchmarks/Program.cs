using BenchmarkDotNet.Running;
using Unotify.Benchmarks;

// `-- queue [redis host:port]` runs the queue's measured run; anything else goes to BenchmarkDotNet.
if (args is ["queue", ..])
{
    return await QueueBenchmarks.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

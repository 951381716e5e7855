using StackExchange.Redis;
using Unotify.Core.CrashConsumer;
using Unotify.Core.Queue;
using Unotify.Core.Storage;

// Usage: Unotify.Core.CrashConsumer <connection string> <key prefix> <secret key> <worker> <lease ms> <counter key>
if (args.Length != 6)
{
    await Console.Error.WriteLineAsync("usage: Unotify.Core.CrashConsumer <connection> <prefix> <secret key> <worker> <lease ms> <counter key>");
    return 2;
}

var options = new StoreOptions { ConnectionString = args[0], KeyPrefix = args[1], SecretKey = args[2] };
await using var store = await RedisStore.OpenAsync(options);
using var counter = await ConnectionMultiplexer.ConnectAsync(args[0]);
var queue = new RedisWorkerQueue(store, args[3], new QueueOptions
{
    Concurrency = 1,
    LeaseTime = TimeSpan.FromMilliseconds(int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)),
});
var handler = new EffectOnceHandler(store, counter.GetDatabase(), args[5], hangAfterEffect: true, Console.Out);
await using var consumer = new WorkerConsumer(queue, handler);
await consumer.StartAsync(CancellationToken.None);
await Console.Out.WriteLineAsync("consumer-started");
await Console.Out.FlushAsync();
await Task.Delay(Timeout.Infinite);
return 0;

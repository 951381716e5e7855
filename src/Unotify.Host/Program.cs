using Unotify.Host.Cli;

using var cancellation = new CancellationTokenSource();
return await CommandDispatcher.RunAsync(args, Console.Out, Console.Error, cancellation.Token);

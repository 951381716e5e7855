using Unotify.Host.Cli;

using var cancellation = new CancellationTokenSource();
return await CommandLine.RunAsync(args, Console.Out, Console.Error, cancellation.Token);

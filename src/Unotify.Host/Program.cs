using Unotify.Host.Cli;

using var cancellation = new CancellationTokenSource();
return await UnotifyCommandLine.RunAsync(args, Console.Out, Console.Error, cancellation.Token);

using System.Globalization;
using Unotify.Core.Queue;

namespace Unotify.Host.Cli;

/// <summary><c>unotify dead list|replay|replay-all|purge WORKER</c>: a worker's dead letters, directly in Redis.</summary>
internal sealed class DeadLettersCommand : ICommand
{
    public string Name => "dead";

    public IReadOnlyList<string> Usage =>
    [
        "dead list WORKER                              list a worker's dead letters, newest first",
        "dead replay WORKER JOB_ID                     queue one dead letter again",
        "dead replay-all WORKER                        queue all of a worker's dead letters again",
        "dead purge WORKER                             delete all of a worker's dead letters",
    ];

    public Task<int> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var worker = invocation.Word(1);
        var jobId = invocation.Word(2);
        return invocation.Word(0) switch
        {
            "list" when worker is not null => AdminStore.RunAsync(invocation, store => ListAsync(invocation, new RedisDeadLetterStore(store, [worker]), worker, cancellationToken), cancellationToken),
            "replay" when worker is not null && jobId is not null => AdminStore.RunAsync(invocation, store => ReplayAsync(invocation, new RedisDeadLetterStore(store, [worker]), worker, jobId, cancellationToken), cancellationToken),
            "replay-all" when worker is not null => AdminStore.RunAsync(invocation, async store =>
            {
                var count = await new RedisDeadLetterStore(store, [worker]).ReplayAllAsync(worker, cancellationToken);
                await invocation.Output.WriteLineAsync($"Queued {count} dead letter(s) of worker '{worker}' again.");
                return ExitCodes.Success;
            }, cancellationToken),
            "purge" when worker is not null => AdminStore.RunAsync(invocation, async store =>
            {
                var count = await new RedisDeadLetterStore(store, [worker]).PurgeAsync(worker, cancellationToken);
                await invocation.Output.WriteLineAsync($"Deleted {count} dead letter(s) of worker '{worker}'.");
                return ExitCodes.Success;
            }, cancellationToken),
            _ => CommandUsage.WriteAsync(invocation, this),
        };
    }

    private static async Task<int> ListAsync(CommandInvocation invocation, RedisDeadLetterStore store, string worker, CancellationToken cancellationToken)
    {
        var letters = await store.ListAsync(worker, 0, 100, cancellationToken);
        if (letters.Count == 0)
        {
            await invocation.Output.WriteLineAsync($"Worker '{worker}' has no dead letters.");
            return ExitCodes.Success;
        }

        foreach (var letter in letters)
        {
            await invocation.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{letter.Job.Id}  {letter.DeadAt:yyyy-MM-dd HH:mm:ss}  {letter.Job.Event.Kind}  delivery {letter.Job.Event.DeliveryId}  attempts {letter.Attempts}: {letter.Error}"));
        }

        return ExitCodes.Success;
    }

    private static async Task<int> ReplayAsync(CommandInvocation invocation, RedisDeadLetterStore store, string worker, string jobId, CancellationToken cancellationToken)
    {
        if (!await store.ReplayAsync(worker, jobId, cancellationToken))
        {
            await invocation.Error.WriteLineAsync($"unotify: worker '{worker}' has no dead letter '{jobId}'. List them with 'unotify dead list {worker}'.");
            return ExitCodes.Failure;
        }

        await invocation.Output.WriteLineAsync($"Queued dead letter '{jobId}' of worker '{worker}' again.");
        return ExitCodes.Success;
    }
}

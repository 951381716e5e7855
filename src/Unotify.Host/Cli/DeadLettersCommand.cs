using System.CommandLine;
using System.Globalization;
using Unotify.Core.Queue;

namespace Unotify.Host.Cli;

/// <summary><c>unotify dead list|replay|replay-all|purge WORKER</c>: a worker's dead letters, directly in the store.</summary>
internal static class DeadLettersCommand
{
    public static Command Create(SettingsOptions settings)
    {
        var worker = new Argument<string>("worker") { Description = "the worker's name in workers.yaml" };
        var jobId = new Argument<string>("job-id") { Description = "the dead letter's job id (see 'unotify dead list')" };

        var list = new Command("list", "List a worker's dead letters, newest first.") { worker };
        list.SetAction((parsed, token) => Run(parsed, settings, worker, (console, store, name) => ListAsync(console, store, name, token), token));
        var replay = new Command("replay", "Queue one dead letter again.") { worker, jobId };
        replay.SetAction((parsed, token) => Run(parsed, settings, worker, (console, store, name) => ReplayAsync(console, store, name, parsed.GetValue(jobId)!, token), token));
        var replayAll = new Command("replay-all", "Queue all of a worker's dead letters again.") { worker };
        replayAll.SetAction((parsed, token) => Run(parsed, settings, worker, async (console, store, name) =>
        {
            var count = await store.ReplayAllAsync(name, token);
            await console.Output.WriteLineAsync($"Queued {count} dead letter(s) of worker '{name}' again.");
            return ExitCodes.Success;
        }, token));
        var purge = new Command("purge", "Delete all of a worker's dead letters.") { worker };
        purge.SetAction((parsed, token) => Run(parsed, settings, worker, async (console, store, name) =>
        {
            var count = await store.PurgeAsync(name, token);
            await console.Output.WriteLineAsync($"Deleted {count} dead letter(s) of worker '{name}'.");
            return ExitCodes.Success;
        }, token));

        var dead = new Command("dead", "A worker's dead letters: list, replay, purge, directly in the store.") { list, replay, replayAll, purge };
        foreach (var command in dead.Subcommands)
        {
            settings.AddTo(command);
        }

        return dead;
    }

    private static Task<int> Run(
        ParseResult parsed, SettingsOptions settings, Argument<string> worker, Func<CommandConsole, RedisDeadLetterStore, string, Task<int>> action, CancellationToken cancellationToken)
    {
        var console = CommandConsole.Of(parsed);
        var name = parsed.GetValue(worker)!;
        return AdminStore.RunAsync(console, settings.ArgsOf(parsed), (store, _) => action(console, new RedisDeadLetterStore(store, [name]), name), cancellationToken);
    }

    private static async Task<int> ListAsync(CommandConsole console, RedisDeadLetterStore store, string worker, CancellationToken cancellationToken)
    {
        var letters = await store.ListAsync(worker, 0, 100, cancellationToken);
        if (letters.Count == 0)
        {
            await console.Output.WriteLineAsync($"Worker '{worker}' has no dead letters.");
            return ExitCodes.Success;
        }

        await console.WriteTableAsync(
            ["JOB_ID", "DEAD_AT", "EVENT", "DELIVERY", "ATTEMPTS", "LAST_ERROR"],
            [.. letters.Select(letter => (IReadOnlyList<string>)[
                letter.Job.Id,
                letter.DeadAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                letter.Job.Event.Kind,
                letter.Job.Event.DeliveryId,
                letter.Attempts.ToString(CultureInfo.InvariantCulture),
                letter.Error])]);
        return ExitCodes.Success;
    }

    private static async Task<int> ReplayAsync(CommandConsole console, RedisDeadLetterStore store, string worker, string jobId, CancellationToken cancellationToken)
    {
        if (!await store.ReplayAsync(worker, jobId, cancellationToken))
        {
            await console.Error.WriteLineAsync($"unotify: worker '{worker}' has no dead letter '{jobId}'. List them with 'unotify dead list {worker}'.");
            return ExitCodes.Failure;
        }

        await console.Output.WriteLineAsync($"Queued dead letter '{jobId}' of worker '{worker}' again.");
        return ExitCodes.Success;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Unotify.Core.Configuration;
using Unotify.Core.History;
using Unotify.Core.StateMachines;
using Unotify.Host.Api;
using Unotify.Host.Hosting;

namespace Unotify.Host.Cli;

/// <summary>
/// <c>unotify explain SOC-123</c>: the ticket's story from the delivery history, one line per step, newest first:
/// which delivery named it, where the key was found, what each worker's attempt did and the status before and after.
/// </summary>
internal static class ExplainCommand
{
    private const string Name = "unotify explain";

    public static Command Create(SettingsOptions settings)
    {
        var key = new Argument<string>("ticket") { Description = "the ticket key, such as SOC-123 (any case)" };
        var json = new Option<bool>("--json") { Description = "print JSON (the API's data) instead of lines" };
        var command = new Command("explain", "What happened to a ticket: every delivery that named it and what each worker did with it.") { key, json };
        settings.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            var console = CommandConsole.Of(parsed);
            var ticket = parsed.GetValue(key)!;
            if (!RedisDeliveryHistory.IsTicketKey(ticket))
            {
                await console.FailAsync(Name, $"'{ticket}' is not a ticket key; write it as PROJECT-123.");
                return ExitCodes.Usage;
            }

            return await AdminStore.RunAsync(console, settings.ArgsOf(parsed), async (store, host) =>
            {
                var history = new RedisDeliveryHistory(store, host.History);
                var story = TicketStory.Of(ticket, await history.ForTicketAsync(ticket.ToUpperInvariant(), token), ProjectsOf(host), host.History);
                if (parsed.GetValue(json))
                {
                    await console.Output.WriteLineAsync(JsonSerializer.Serialize(story, ApiJson.Options));
                }
                else
                {
                    await WriteAsync(console, story);
                }

                return ExitCodes.Success;
            }, token);
        });
        return command;
    }

    private static async Task WriteAsync(CommandConsole console, TicketStory story)
    {
        if (story.Hint is { } hint)
        {
            await console.Output.WriteLineAsync($"{story.Key}: {hint}");
            return;
        }

        await console.WriteLineAsync(console.Paint(story.Key, "1") + $": named by {story.Steps.Count} deliver{(story.Steps.Count == 1 ? "y" : "ies")}, newest first");
        foreach (var step in story.Steps)
        {
            await console.WriteLineAsync(
                $"{step.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}  {step.Provider} repo {step.RepoId} {step.Kind ?? "event"}  delivery {step.DeliveryId}");
            if (step.Attempts.Count == 0)
            {
                await console.WriteLineAsync("    no attempt has reported on it yet");
            }

            foreach (var attempt in step.Attempts)
            {
                await console.WriteLineAsync(
                    $"    {attempt.Worker} #{attempt.Attempt} {OutcomeText.Result(console, attempt.Result)}: {OutcomeText.Item(console, story.Key, attempt.Outcome, attempt.From, attempt.To, attempt.FoundIn, attempt.Detail)}");
            }
        }
    }

    /// <summary>
    /// The projects the workers of the installation's workers.yaml handle, for the hint; none when it cannot be read.
    /// Read only when enumerated: a ticket with a story needs no hint, so its state files are not read.
    /// </summary>
    private static IEnumerable<string> ProjectsOf(HostSettings settings)
    {
        if (WorkersFileReader.Read(settings.WorkersFile, new WorkersFileReaderOptions()).File is not { } workers)
        {
            yield break;
        }

        foreach (var project in StateMachineCatalog.Load(workers, [], []).Values.SelectMany(machine => machine.Projects))
        {
            yield return project;
        }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Unotify.Core.History;
using Unotify.Core.Registry;
using Unotify.Host.Api;
using Unotify.Sdk;

namespace Unotify.Host.Cli;

/// <summary>
/// <c>unotify deliveries [filters]</c>: the delivery history as a table, newest first; <c>unotify deliveries show ID</c>:
/// one delivery with every attempt and item. Read directly from the store, like <c>hooks</c> and <c>dead</c>.
/// </summary>
internal static class DeliveriesCommand
{
    private const string Name = "unotify deliveries";

    public static Command Create(SettingsOptions settings)
    {
        var provider = new Option<string>("--provider") { Description = "only this provider's deliveries", HelpName = "name" };
        var repo = new Option<string>("--repo") { Description = "only this repository id's deliveries", HelpName = "id" };
        var worker = new Option<string>("--worker") { Description = "only deliveries queued for this worker", HelpName = "name" };
        var outcome = new Option<string>("--outcome") { Description = $"only this outcome: {string.Join(", ", HistoryFilter.Outcomes)}", HelpName = "outcome" };
        outcome.AcceptOnlyFromAmong([.. HistoryFilter.Outcomes]);
        var since = new Option<string>("--since") { Description = "only deliveries since a time (2026-12-06T10:00:00Z) or for a duration back (2h, 7d)", HelpName = "when" };
        var limit = new Option<int>("--limit") { Description = "how many deliveries, 1 to 500", DefaultValueFactory = _ => 50, HelpName = "n" };
        limit.Validators.Add(result =>
        {
            // Only a number out of range: a value that is not a number is already an error of its own.
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var asked) && asked is < 1 or > 500)
            {
                result.AddError($"--limit is {asked}; ask for 1 to 500 deliveries.");
            }
        });
        var cursor = new Option<string>("--cursor") { Description = "go on from where the last page ended (the cursor it printed)", HelpName = "cursor" };
        var json = new Option<bool>("--json") { Description = "print JSON (the API's data) instead of a table" };

        var id = new Argument<string>("delivery-id") { Description = "the sender's delivery id (GitHub's X-GitHub-Delivery)" };
        var show = new Command("show", "One delivery: what the door did, its routing, every attempt and what became of each ticket.") { id, json };
        settings.AddTo(show);
        show.SetAction((parsed, token) =>
        {
            var console = CommandConsole.Of(parsed);
            return AdminStore.RunAsync(console, settings.ArgsOf(parsed), (store, host) =>
                ShowAsync(console, new RedisDeliveryHistory(store, host.History), parsed.GetValue(id)!, parsed.GetValue(json), token), token);
        });

        var deliveries = new Command("deliveries", "The delivery history, newest first: what came in, what the door did, what each worker did.")
        {
            provider, repo, worker, outcome, since, limit, cursor, json, show,
        };
        settings.AddTo(deliveries);
        deliveries.SetAction(async (parsed, token) =>
        {
            var console = CommandConsole.Of(parsed);
            DateTimeOffset? from = null;
            if (parsed.GetValue(since) is { } sinceText)
            {
                if (!HistoryFilter.TryParseSince(sinceText, TimeProvider.System.GetUtcNow(), out var at))
                {
                    await console.FailAsync(Name, $"--since '{sinceText}' is neither a time (2026-12-06T10:00:00Z) nor a duration back from now (2h, 7d).");
                    return ExitCodes.Usage;
                }

                from = at;
            }

            HistoryCursor? after = null;
            if (parsed.GetValue(cursor) is { } cursorText && !HistoryCursor.TryParse(cursorText, out after))
            {
                await console.FailAsync(Name, $"--cursor '{cursorText}' is not a cursor this command printed; start again without it.");
                return ExitCodes.Usage;
            }

            foreach (var (text, what) in new[] { (parsed.GetValue(provider), "--provider"), (parsed.GetValue(repo), "--repo") })
            {
                if (text is not null && HookNames.Problem(text, what) is { } problem)
                {
                    await console.FailAsync(Name, problem);
                    return ExitCodes.Usage;
                }
            }

            var filter = new HistoryFilter
            {
                Provider = parsed.GetValue(provider),
                RepoId = parsed.GetValue(repo),
                Worker = parsed.GetValue(worker),
                Outcome = parsed.GetValue(outcome),
                Since = from,
            };
            return await AdminStore.RunAsync(console, settings.ArgsOf(parsed), (store, host) =>
                ListAsync(console, new RedisDeliveryHistory(store, host.History), filter, after, parsed.GetValue(limit), parsed.GetValue(json), token), token);
        });
        return deliveries;
    }

    private static async Task<int> ListAsync(
        CommandConsole console, RedisDeliveryHistory history, HistoryFilter filter, HistoryCursor? cursor, int limit, bool json, CancellationToken cancellationToken)
    {
        var (found, next) = await history.ListAsync(filter, cursor, limit, cancellationToken);
        if (json)
        {
            await console.Output.WriteLineAsync(JsonSerializer.Serialize(new { Deliveries = found, NextCursor = next?.ToString() }, ApiJson.Options));
            return ExitCodes.Success;
        }

        if (found.Count == 0)
        {
            await console.Output.WriteLineAsync(history.Options.Enabled
                ? $"No deliveries match (the history keeps {history.Options.DescribeRetention()})."
                : "No delivery history is kept: UNOTIFY_HISTORY_RETENTION is 0.");
            return ExitCodes.Success;
        }

        await console.WriteTableAsync(
            ["RECEIVED (UTC)", "DELIVERY", "PROVIDER", "REPO", "EVENT", "DOOR", "WORKERS"],
            [.. found.Select(delivery => (IReadOnlyList<string>)[
                delivery.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                delivery.DeliveryId,
                delivery.Provider,
                delivery.RepoId,
                delivery.Kind ?? "-",
                Door(delivery),
                Workers(delivery)])]);
        if (next is not null)
        {
            await console.Output.WriteLineAsync($"More: add --cursor {next}");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> ShowAsync(CommandConsole console, RedisDeliveryHistory history, string deliveryId, bool json, CancellationToken cancellationToken)
    {
        if (EventIdentifiers.Problem(deliveryId) is { } problem)
        {
            await console.FailAsync(Name + " show", $"the delivery id {problem}.");
            return ExitCodes.Usage;
        }

        var found = await history.FindAsync(deliveryId, cancellationToken);
        if (found.Count == 0)
        {
            await console.FailAsync(Name + " show", $"no delivery '{deliveryId}' to a registered hook is in the history (it keeps {history.Options.DescribeRetention()}).");
            return ExitCodes.Failure;
        }

        if (json)
        {
            await console.Output.WriteLineAsync(JsonSerializer.Serialize(found, ApiJson.Options));
            return ExitCodes.Success;
        }

        foreach (var delivery in found)
        {
            await console.WriteLineAsync(console.Paint($"Delivery {delivery.DeliveryId}", "1") + $"  {delivery.Provider} repo {delivery.RepoId}, {delivery.Kind ?? "event not read"}");
            await console.WriteLineAsync($"  received {Time(delivery.ReceivedAt)}  door: {Door(delivery)}{(delivery.Reason is { } reason ? $" ({reason})" : string.Empty)}");
            if (delivery.Outcome == DoorOutcome.Queued)
            {
                await console.WriteLineAsync(delivery.Workers.Count == 0 ? "  routed to no worker (none takes this event)" : $"  routed to {string.Join(", ", delivery.Workers)}");
            }

            foreach (var attempt in delivery.Attempts)
            {
                var took = attempt.EndedAt - attempt.StartedAt;
                await console.WriteLineAsync(
                    $"  {attempt.Worker} #{attempt.Attempt}  {Time(attempt.StartedAt)}  {OutcomeText.Result(console, attempt.Result)}" +
                    (took > TimeSpan.Zero ? $" in {took.TotalMilliseconds:0} ms" : string.Empty) +
                    (attempt.Reason is { } why ? $": {why}" : string.Empty));
                foreach (var item in attempt.Items)
                {
                    await console.WriteLineAsync($"      {OutcomeText.Item(console, item.Subject, item.Kind, item.From, item.To, item.Source, item.Detail)}");
                }
            }
        }

        return ExitCodes.Success;
    }

    private static string Door(DeliveryRecord delivery) =>
        delivery.Duplicates > 0 ? $"{delivery.Outcome} (+{delivery.Duplicates} duplicate{(delivery.Duplicates == 1 ? string.Empty : "s")})" : delivery.Outcome;

    private static string Workers(DeliveryRecord delivery)
    {
        if (delivery.Workers.Count == 0)
        {
            return "-";
        }

        var last = delivery.Attempts.GroupBy(attempt => attempt.Worker, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Last().Result, StringComparer.Ordinal);
        return string.Join(' ', delivery.Workers.Select(worker => $"{worker}:{(last.TryGetValue(worker, out var result) ? result : "queued")}"));
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

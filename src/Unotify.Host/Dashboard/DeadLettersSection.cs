using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Host.Reloading;

namespace Unotify.Host.Dashboard;

/// <summary>Each worker's dead letters, with the last error: replay one, replay all, purge (after a confirmation).</summary>
internal static class DeadLettersSection
{
    private const int Shown = 50;

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/dead", (HttpContext context, LiveConfiguration live, CancellationToken cancellationToken) => PageAsync(context, live, null, cancellationToken));
        pages.MapPost("/dead/{worker}/{id}/replay", ReplayOneAsync);
        pages.MapPost("/dead/{worker}/replay", ReplayAllAsync);
        pages.MapPost("/dead/{worker}/purge", PurgeAsync);
    }

    private static Task<IResult> ReplayOneAsync(HttpContext context, string worker, string id, LiveConfiguration live, CancellationToken cancellationToken) =>
        ActAsync(context, live, worker, async store => await store.ReplayAsync(worker, id, cancellationToken)
            ? $"Queued {id} of {worker} again."
            : $"{id} is no longer among the dead letters of {worker}.", cancellationToken);

    private static Task<IResult> ReplayAllAsync(HttpContext context, string worker, LiveConfiguration live, CancellationToken cancellationToken) =>
        ActAsync(context, live, worker, async store => $"Queued {await store.ReplayAllAsync(worker, cancellationToken)} dead letter(s) of {worker} again.", cancellationToken);

    private static Task<IResult> PurgeAsync(HttpContext context, string worker, LiveConfiguration live, CancellationToken cancellationToken) =>
        ActAsync(context, live, worker, async store => $"Deleted {await store.PurgeAsync(worker, cancellationToken)} dead letter(s) of {worker}.", cancellationToken);

    private static async Task<IResult> ActAsync(HttpContext context, LiveConfiguration live, string worker, Func<IDeadLetterStore, Task<string>> act, CancellationToken cancellationToken)
    {
        var store = live.Current.DeadLetters;
        if (!store.Workers.Contains(worker))
        {
            return await PageAsync(context, live, ($"No worker '{worker}'.", true), cancellationToken, StatusCodes.Status404NotFound);
        }

        try
        {
            return await PageAsync(context, live, (await act(store), false), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return DeliveriesSection.StoreDown(context, "Dead letters", "/ui/dead");
        }
    }

    private static async Task<IResult> PageAsync(HttpContext context, LiveConfiguration live, (string Text, bool Problem)? notice, CancellationToken cancellationToken, int statusCode = StatusCodes.Status200OK)
    {
        var store = live.Current.DeadLetters;
        var antiForgery = DashboardResults.AntiForgery(context)!;
        var sections = new List<HtmlFragment>();
        try
        {
            foreach (var worker in store.Workers.Order(StringComparer.Ordinal))
            {
                var letters = await store.ListAsync(worker, 0, Shown, cancellationToken);
                sections.Add(Worker(worker, letters, antiForgery));
            }
        }
        catch (StoreUnavailableException)
        {
            return DeliveriesSection.StoreDown(context, "Dead letters", "/ui/dead");
        }

        var body = Html.Of($"""{(notice is { } said ? DashboardPage.Notice(said.Text, said.Problem) : HtmlFragment.Empty)}{Html.Join(sections)}""");
        return DashboardResults.Page(context, "Dead letters", "/ui/dead", body, statusCode);
    }

    private static HtmlFragment Worker(string worker, IReadOnlyList<DeadLetter> letters, string antiForgery)
    {
        var path = "/ui/dead/" + Uri.EscapeDataString(worker);
        var actions = letters.Count == 0
            ? HtmlFragment.Empty
            : Html.Of($"""
                <div class="inline">
                {DashboardPage.Form(path + "/replay", antiForgery, Html.Of($"""<button type="submit">Replay all</button>"""))}
                {DashboardPage.Form(path + "/purge", antiForgery, Html.Of($"""<button type="submit" class="danger">Purge</button>"""), $"Delete every dead letter of {worker}? They cannot be replayed afterwards.")}
                </div>
                """);
        var rows = Html.Join(letters.Select(letter => Html.Of($"""
            <tr><td>{letter.DeadAt:u}</td><td><a href="/ui/deliveries/{Uri.EscapeDataString(letter.Job.Event.DeliveryId)}">{letter.Job.Event.DeliveryId}</a></td><td class="optional">{letter.Job.Event.Kind}</td><td>{letter.Attempts}</td><td>{letter.Error}</td>
            <td>{DashboardPage.Form(path + "/" + Uri.EscapeDataString(letter.Job.Id) + "/replay", antiForgery, Html.Of($"""<button type="submit">Replay</button>"""))}</td></tr>
            """)));
        return Html.Of($"""
            <section id="{worker}"><h2>{worker}: {(letters.Count == Shown ? $"{Shown} or more" : letters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} dead letter(s)</h2>
            {actions}
            {(letters.Count == 0 ? HtmlFragment.Empty : Html.Of($"""<div class="scroll"><table><thead><tr><th>dead since</th><th>delivery</th><th class="optional">event</th><th>attempts</th><th>last error</th><th></th></tr></thead><tbody>{rows}</tbody></table></div>"""))}
            </section>
            """);
    }
}

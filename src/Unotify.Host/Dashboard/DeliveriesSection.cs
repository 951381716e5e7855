using Unotify.Core.History;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Api;
using Unotify.Host.Reloading;
using Unotify.Sdk;

namespace Unotify.Host.Dashboard;

/// <summary>
/// The delivery history: the list with its filters, live (its rows reload every few seconds), and one delivery with its
/// routing, every attempt, each item's outcome and where its key was found, with buttons to replay and to simulate.
/// </summary>
internal static class DeliveriesSection
{
    private const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/deliveries", ListAsync);
        pages.MapGet("/deliveries/rows", RowsAsync);
        pages.MapGet("/deliveries/{deliveryId}", ShowAsync);
        pages.MapPost("/deliveries/{deliveryId}/replay", ReplayAsync);
        pages.MapPost("/deliveries/{deliveryId}/simulate", SimulateAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, RedisDeliveryHistory history, LiveConfiguration live, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var (filter, cursor, problem) = HistoryQuery.Parse(query["provider"], query["repo_id"], query["worker"], query["outcome"], query["since"], query["cursor"], time.GetUtcNow());
        var form = FilterForm(query, live.Current.Workers.Select(worker => worker.Name));
        if (problem is not null)
        {
            return DashboardResults.Page(context, "Deliveries", "/ui/deliveries", Html.Of($"{form}{DashboardPage.Notice(problem, problem: true)}"), StatusCodes.Status400BadRequest);
        }

        try
        {
            var (found, next) = await history.ListAsync(filter!, cursor, PageSize, cancellationToken);
            var filters = string.Join('&', new[] { "provider", "repo_id", "worker", "outcome", "since" }
                .Where(name => !string.IsNullOrWhiteSpace(query[name])).Select(name => name + "=" + Uri.EscapeDataString(query[name].ToString())));

            // The first page is live; an older page stays as it is.
            var liveRows = cursor is null ? Html.Of($" data-live=\"/ui/deliveries/rows?{filters}\"") : HtmlFragment.Empty;
            var older = next is null ? HtmlFragment.Empty : Html.Of($"""<p><a href="/ui/deliveries?{filters}{(filters.Length > 0 ? "&" : "")}cursor={next.ToString()}">Older deliveries</a></p>""");
            return DashboardResults.Page(context, "Deliveries", "/ui/deliveries", Html.Of($"""
                {form}
                <div class="scroll"><table><thead><tr><th>received (UTC)</th><th>repository</th><th>event</th><th>door</th><th>workers</th></tr></thead>
                <tbody{liveRows}>{Rows(found)}</tbody></table></div>
                {older}
                """));
        }
        catch (StoreUnavailableException)
        {
            return StoreDown(context, "Deliveries", "/ui/deliveries");
        }
    }

    private static async Task<IResult> RowsAsync(HttpContext context, RedisDeliveryHistory history, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var (filter, _, problem) = HistoryQuery.Parse(query["provider"], query["repo_id"], query["worker"], query["outcome"], query["since"], null, time.GetUtcNow());
        if (problem is not null)
        {
            return Results.BadRequest();
        }

        try
        {
            var (found, _) = await history.ListAsync(filter!, null, PageSize, cancellationToken);
            return DashboardResults.Fragment(context, Rows(found));
        }
        catch (StoreUnavailableException)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string deliveryId, RedisDeliveryHistory history, CancellationToken cancellationToken) =>
        await DeliveryPageAsync(context, deliveryId, history, notice: null, simulation: null, cancellationToken);

    private static async Task<IResult> ReplayAsync(HttpContext context, string deliveryId, RedisDeliveryHistory history, LiveConfiguration live, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        try
        {
            var (kept, _, _, message) = await HistoryApi.KeptEventAsync(history, deliveryId, HistoryQuery.Blank(form["provider"]), HistoryQuery.Blank(form["repo_id"]), cancellationToken);
            if (kept is null)
            {
                return await DeliveryPageAsync(context, deliveryId, history, (message, true), null, cancellationToken);
            }

            var jobs = await HistoryApi.QueueAgainAsync(history, live, kept, cancellationToken);
            var queued = jobs.Count == 0 ? string.Empty : " Queued for: " + string.Join(", ", jobs.Select(job => job.Worker)) + ".";
            return await DeliveryPageAsync(context, deliveryId, history, (HistoryApi.ReplayMessage(jobs) + queued, false), null, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return StoreDown(context, "Delivery " + deliveryId, "/ui/deliveries");
        }
    }

    private static async Task<IResult> SimulateAsync(HttpContext context, string deliveryId, RedisDeliveryHistory history, LiveConfiguration live, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var workers = live.Current.Workers;
        if (workers.Any(worker => worker.Processor is null))
        {
            return await DeliveryPageAsync(context, deliveryId, history,
                ("This process only receives (unotify serve): simulate on a process that runs the workers (unotify all).", true), null, cancellationToken);
        }

        try
        {
            var (kept, _, _, message) = await HistoryApi.KeptEventAsync(history, deliveryId, HistoryQuery.Blank(form["provider"]), HistoryQuery.Blank(form["repo_id"]), cancellationToken);
            if (kept is null)
            {
                return await DeliveryPageAsync(context, deliveryId, history, (message, true), null, cancellationToken);
            }

            var outcomes = await WorkerSimulation.RunAsync(workers, kept, cancellationToken);
            return await DeliveryPageAsync(context, deliveryId, history, null, outcomes, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return StoreDown(context, "Delivery " + deliveryId, "/ui/deliveries");
        }
    }

    private static async Task<IResult> DeliveryPageAsync(
        HttpContext context, string deliveryId, RedisDeliveryHistory history, (string Text, bool Problem)? notice, IReadOnlyList<WorkerSimulation>? simulation, CancellationToken cancellationToken)
    {
        var title = "Delivery " + deliveryId;
        if (EventIdentifiers.Problem(deliveryId) is { } problem)
        {
            return DashboardResults.Page(context, "Delivery", "/ui/deliveries", DashboardPage.Notice("The delivery id " + problem + ".", problem: true), StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<DeliveryRecord> found;
        try
        {
            found = await history.FindAsync(deliveryId, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return StoreDown(context, title, "/ui/deliveries");
        }

        if (found.Count == 0)
        {
            return DashboardResults.Page(context, title, "/ui/deliveries",
                DashboardPage.Notice($"No delivery '{deliveryId}' to a registered hook is in the history (it keeps {history.Options.DescribeRetention()}).", problem: true), StatusCodes.Status404NotFound);
        }

        var antiForgery = DashboardResults.AntiForgery(context)!;
        var sections = new List<HtmlFragment>(found.Count);
        foreach (var delivery in found)
        {
            // The payload is kept for a while after the jobs end: while it is, the page says what the event was about.
            WebhookEvent? kept;
            try
            {
                kept = await history.KeptEventAsync(delivery.Provider, delivery.RepoId, delivery.DeliveryId, cancellationToken);
            }
            catch (InvalidDataException)
            {
                kept = null;
            }

            sections.Add(Delivery(delivery, kept, antiForgery));
        }

        var body = Html.Of($"""
            {(notice is { } said ? DashboardPage.Notice(said.Text, said.Problem) : HtmlFragment.Empty)}
            {(simulation is null ? HtmlFragment.Empty : Simulation(simulation))}
            {Html.Join(sections)}
            """);
        return DashboardResults.Page(context, title, "/ui/deliveries", body);
    }

    private static HtmlFragment Delivery(DeliveryRecord delivery, WebhookEvent? kept, string antiForgery)
    {
        var title = kept?.FirstText(TextSource.Title);
        var about = title is null && kept?.Url is null
            ? HtmlFragment.Empty
            : Html.Of($"""<dt>About</dt><dd>{title}{(kept?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var link) && link.Scheme is "https" or "http" ? Html.Of($" <a href=\"{url}\" rel=\"noreferrer\">{url}</a>") : HtmlFragment.Empty)}</dd>""");
        var which = Html.Of($"""<input type="hidden" name="provider" value="{delivery.Provider}"><input type="hidden" name="repo_id" value="{delivery.RepoId}">""");
        return Html.Of($"""
            <section>
            <dl>
            <dt>Repository</dt><dd>{delivery.Provider}/{delivery.RepoId}</dd>
            <dt>Event</dt><dd>{delivery.Kind ?? "(not read)"}</dd>
            {about}
            <dt>Received</dt><dd>{delivery.ReceivedAt:u}{(delivery.Duplicates > 0 ? $" (and {delivery.Duplicates} more time(s), as duplicates)" : "")}</dd>
            <dt>At the door</dt><dd>{delivery.Outcome}{(delivery.Reason is null ? "" : ": " + delivery.Reason)}</dd>
            <dt>Routed to</dt><dd>{(delivery.Workers.Count == 0 ? "no worker" : string.Join(", ", delivery.Workers))}</dd>
            </dl>
            <div class="inline">
            {DashboardPage.Form("/ui/deliveries/" + Uri.EscapeDataString(delivery.DeliveryId) + "/replay", antiForgery, Html.Of($"""{which}<button type="submit">Replay</button>"""))}
            {DashboardPage.Form("/ui/deliveries/" + Uri.EscapeDataString(delivery.DeliveryId) + "/simulate", antiForgery, Html.Of($"""{which}<button type="submit">Simulate</button>"""))}
            </div>
            <h2>Attempts</h2>
            {(delivery.Attempts.Count == 0 ? Html.Of($"""<p class="muted">No attempt yet.</p>""") : Html.Join(delivery.Attempts.Select(Attempt)))}
            </section>
            """);
    }

    private static HtmlFragment Attempt(AttemptRecord attempt) => Html.Of($"""
        <h3>{attempt.Worker}, attempt {attempt.Attempt}: <span class="{Tone(attempt.Result)}">{attempt.Result}</span></h3>
        <p class="muted">{attempt.StartedAt:u} → {attempt.EndedAt:u}{(attempt.Reason is null ? "" : " · " + attempt.Reason)}</p>
        {Items(attempt.Items)}
        """);

    private static HtmlFragment Items(IReadOnlyList<ItemRecord> items) => items.Count == 0
        ? HtmlFragment.Empty
        : Html.Of($"""
            <div class="scroll"><table><thead><tr><th>item</th><th>outcome</th><th>status</th><th class="optional">found in</th><th>detail</th></tr></thead><tbody>
            {Html.Join(items.Select(item => Html.Of($"""<tr><td>{(RedisDeliveryHistory.IsTicketKey(item.Subject) ? Html.Of($"""<a href="/ui/tickets?key={item.Subject}">{item.Subject}</a>""") : Html.Of($"{item.Subject}"))}</td><td class="{Tone(item.Kind)}">{item.Kind}</td><td>{Transition(item.From, item.To)}</td><td class="optional">{item.Source}</td><td>{item.Detail}</td></tr>""")))}
            </tbody></table></div>
            """);

    private static HtmlFragment Simulation(IReadOnlyList<WorkerSimulation> outcomes) => Html.Of($"""
        <section><h2>Simulation: what would happen now</h2>
        {Html.Join(outcomes.Select(outcome => Html.Of($"""<h3>{outcome.Worker}: {outcome.Result}</h3><p class="muted">{outcome.Summary}</p>{Items(outcome.Items)}""")))}
        </section>
        """);

    private static HtmlFragment Rows(IReadOnlyList<DeliveryRecord> deliveries) => deliveries.Count == 0
        ? Html.Of($"""<tr><td colspan="5" class="muted">No deliveries.</td></tr>""")
        : Html.Join(deliveries.Select(delivery => Html.Of($"""
            <tr><td><a href="/ui/deliveries/{Uri.EscapeDataString(delivery.DeliveryId)}">{delivery.ReceivedAt:u}</a></td><td>{delivery.Provider}/{delivery.RepoId}</td><td>{delivery.Kind}</td><td>{delivery.Outcome}</td>
            <td>{Html.Join(delivery.Attempts.GroupBy(attempt => attempt.Worker).Select(group => Html.Of($"""<span class="{Tone(group.Last().Result)}">{group.Key}: {group.Last().Result}</span> """)))}</td></tr>
            """)));

    private static HtmlFragment FilterForm(IQueryCollection query, IEnumerable<string> workers) => Html.Of($"""
        <form method="get" action="/ui/deliveries" class="filters" role="search">
        <label>Repository id <input name="repo_id" value="{query["repo_id"].ToString()}" size="12"></label>
        <label>Provider <input name="provider" value="{query["provider"].ToString()}" size="8"></label>
        <label>Worker <select name="worker"><option value="">any</option>{Html.Join(workers.Select(worker => Html.Of($"""<option{(query["worker"] == worker ? Html.Of($" selected") : HtmlFragment.Empty)}>{worker}</option>""")))}</select></label>
        <label>Outcome <select name="outcome"><option value="">any</option>{Html.Join(HistoryFilter.Outcomes.Select(outcome => Html.Of($"""<option{(query["outcome"] == outcome ? Html.Of($" selected") : HtmlFragment.Empty)}>{outcome}</option>""")))}</select></label>
        <label>Since <input name="since" value="{query["since"].ToString()}" placeholder="2h, 7d" size="8"></label>
        <button type="submit">Filter</button>
        </form>
        """);

    /// <summary>A status change as "To Do → In Progress", or the one status known.</summary>
    internal static string Transition(string? from, string? to) =>
        (from, to) switch
        {
            (null, null) => string.Empty,
            (null, _) => "→ " + to,
            (_, null) => from,
            _ when from == to => from,
            _ => from + " → " + to,
        };

    /// <summary>The colour class of an outcome.</summary>
    internal static string Tone(string outcome) => outcome switch
    {
        "done" or "moved" or "queued" or "would_move" => "ok",
        "retry" or "retrying" or "held" or "released" => "warn",
        "fail" or "failed" or "dead_lettered" or "rejected" => "bad",
        _ => "muted",
    };

    internal static IResult StoreDown(HttpContext context, string title, string active) =>
        DashboardResults.Page(context, title, active, DashboardPage.Notice("The store (Redis) cannot be reached; try again shortly.", problem: true), StatusCodes.Status503ServiceUnavailable);
}

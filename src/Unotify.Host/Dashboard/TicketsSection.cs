using Unotify.Core.History;
using Unotify.Core.Storage;
using Unotify.Host.Reloading;

namespace Unotify.Host.Dashboard;

/// <summary>A ticket's story ("explain"): every delivery that named it, newest first, as a timeline.</summary>
internal static class TicketsSection
{
    public static void Map(IEndpointRouteBuilder pages) => pages.MapGet("/tickets", ExplainAsync);

    private static async Task<IResult> ExplainAsync(HttpContext context, string? key, RedisDeliveryHistory history, LiveConfiguration live, CancellationToken cancellationToken)
    {
        var search = Html.Of($"""
            <form method="get" action="/ui/tickets" class="inline" role="search">
            <label>Ticket key <input name="key" value="{key}" placeholder="SOC-123" required></label>
            <button type="submit">Explain</button>
            </form>
            """);
        if (string.IsNullOrWhiteSpace(key))
        {
            return DashboardResults.Page(context, "Tickets", "/ui/tickets", search);
        }

        if (!RedisDeliveryHistory.IsTicketKey(key.Trim()))
        {
            return DashboardResults.Page(context, "Tickets", "/ui/tickets", Html.Of($"{search}{DashboardPage.Notice($"'{key}' is not a ticket key; write it as PROJECT-123.", problem: true)}"), StatusCodes.Status400BadRequest);
        }

        var ticket = key.Trim().ToUpperInvariant();
        TicketStory story;
        try
        {
            var deliveries = await history.ForTicketAsync(ticket, cancellationToken);
            story = TicketStory.Of(ticket, deliveries, live.Current.Workers.SelectMany(worker => worker.StateMachines.Projects), history.Options);
        }
        catch (StoreUnavailableException)
        {
            return DeliveriesSection.StoreDown(context, "Tickets", "/ui/tickets");
        }

        var body = Html.Of($"""
            {search}
            <h2>{story.Key}</h2>
            {(story.Hint is null ? HtmlFragment.Empty : Html.Of($"""<p class="muted">{story.Hint}</p>"""))}
            <ol class="timeline">{Html.Join(story.Steps.Select(Step))}</ol>
            """);
        return DashboardResults.Page(context, "Tickets", "/ui/tickets", body);
    }

    private static HtmlFragment Step(TicketStep step) => Html.Of($"""
        <li><a href="/ui/deliveries/{Uri.EscapeDataString(step.DeliveryId)}">{step.ReceivedAt:u}</a> · {step.Kind} · {step.Provider}/{step.RepoId}
        <ul>{Html.Join(step.Attempts.Select(attempt => Html.Of($"""<li><span class="{DeliveriesSection.Tone(attempt.Outcome)}">{attempt.Outcome}</span> {DeliveriesSection.Transition(attempt.From, attempt.To)} <span class="muted">({attempt.Worker}, attempt {attempt.Attempt}{(attempt.FoundIn is null ? "" : ", found in " + attempt.FoundIn)})</span><br>{attempt.Detail}</li>""")))}</ul>
        </li>
        """);
}

using Unotify.Core.History;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Host.Reloading;

namespace Unotify.Host.Dashboard;

/// <summary>
/// The overview: is it healthy (store, workers, plugins, the last reload), deliveries per hour over the last day, the
/// outcomes at a glance, and each worker's backlog, dead letters and circuit.
/// </summary>
internal static class OverviewSection
{
    /// <summary>The most deliveries the overview reads for its day: a busier day is drawn from its newest part, and says so.</summary>
    private const int MostRead = 2000;

    public static void Map(IEndpointRouteBuilder pages) => pages.MapGet("", OverviewAsync);

    private static async Task<IResult> OverviewAsync(HttpContext context, RedisStore store, LiveConfiguration live, RedisDeliveryHistory history, TimeProvider time, CancellationToken cancellationToken)
    {
        var configuration = live.Current;
        var reachable = await store.PingAsync(cancellationToken);
        var now = time.GetUtcNow();
        var day = new List<DeliveryRecord>();
        var workers = new List<HtmlFragment>();
        if (reachable)
        {
            try
            {
                HistoryCursor? cursor = null;
                do
                {
                    var (page, next) = await history.ListAsync(new HistoryFilter { Since = now.AddDays(-1) }, cursor, 500, cancellationToken);
                    day.AddRange(page);
                    cursor = next;
                }
                while (cursor is not null && day.Count < MostRead);

                foreach (var worker in configuration.Workers)
                {
                    var partitions = await worker.Queue.CountByPartitionAsync(cancellationToken);
                    var circuit = worker.Circuit is { } guard ? await guard.ReadAsync(cancellationToken) : null;
                    workers.Add(WorkerRow(worker.Name, worker.Definition.Processor, partitions, circuit));
                }
            }
            catch (StoreUnavailableException)
            {
                reachable = false;
            }
        }

        var reload = live.LastReload;
        var body = Html.Of($"""
            <section aria-labelledby="health"><h2 id="health">Health</h2>
            <div class="cards">
            {Card(reachable ? "reachable" : "unreachable", "store (" + (store.IsEmbedded ? "embedded Garnet" : "Redis") + ")", reachable ? "ok" : "bad")}
            {Card(configuration.Workers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "workers: " + string.Join(", ", configuration.Workers.Select(worker => worker.Name)), "")}
            {Card(configuration.Plugins.Providers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "providers: " + string.Join(", ", configuration.Plugins.Providers.Keys.Order(StringComparer.Ordinal)), "")}
            {Card("#" + configuration.Number, reload is null ? "configuration, as started" : $"configuration; last reload {reload.Result} ({reload.Trigger})", reload?.Result == ReloadReport.Failed ? "bad" : "")}
            </div></section>
            <section aria-labelledby="day"><h2 id="day">Deliveries in the last 24 hours</h2>
            {HourChart(day, now)}
            {(day.Count >= MostRead ? Html.Of($"""<p class="muted">Drawn from the newest {MostRead} deliveries.</p>""") : HtmlFragment.Empty)}
            <div class="cards">{Html.Join(Outcomes(day).Select(pair => Card(pair.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), pair.Outcome, pair.Outcome == "dead" && pair.Count > 0 ? "bad" : "")))}</div>
            </section>
            <section aria-labelledby="workers"><h2 id="workers">Workers</h2>
            <div class="scroll"><table><thead><tr><th>worker</th><th class="optional">processor</th><th>backlog</th><th>running</th><th>dead letters</th><th>circuit</th></tr></thead>
            <tbody>{Html.Join(workers)}</tbody></table></div>
            </section>
            """);
        return DashboardResults.Page(context, "Overview", "/ui", body);
    }

    private static HtmlFragment Card(string figure, string label, string tone) =>
        Html.Of($"""<div class="card"><div class="figure {tone}">{figure}</div><div class="label">{label}</div></div>""");

    private static HtmlFragment WorkerRow(string name, string processor, IReadOnlyList<QueueCounts> partitions, CircuitStatus? circuit)
    {
        var counts = QueueCounts.Sum(partitions);
        return Html.Of($"""
            <tr><td>{name}</td><td class="optional">{processor}</td><td>{counts.Due}{SpreadOf(partitions)}</td><td>{counts.Leased}</td>
            <td>{(counts.DeadLettered > 0 ? Html.Of($"""<a class="bad" href="/ui/dead#{name}">{counts.DeadLettered}</a>""") : Html.Of($"0"))}</td>
            <td class="{(circuit?.State == "closed" || circuit is null ? "ok" : "bad")}">{circuit?.State ?? "off"}</td></tr>
            """);
    }

    /// <summary>
    /// A partitioned worker's backlog per partition, first partition first: one partition far behind the others is
    /// usually its cluster node being slow or away.
    /// </summary>
    private static HtmlFragment SpreadOf(IReadOnlyList<QueueCounts> partitions) => partitions.Count == 1
        ? HtmlFragment.Empty
        : Html.Of($"""<br><span class="muted" title="due jobs in each partition">over {partitions.Count} partitions: {string.Join(" · ", partitions.Select(part => part.Due))}</span>""");

    /// <summary>
    /// How the day's jobs stand: still queued at the door, done, retrying, dead (failed for good or out of attempts),
    /// and any other last result a worker's job had.
    /// </summary>
    private static IEnumerable<(string Outcome, int Count)> Outcomes(IReadOnlyList<DeliveryRecord> day)
    {
        var outcomes = day.SelectMany(delivery => delivery.Attempts.Count == 0
                ? [delivery.Outcome]
                : delivery.Attempts.GroupBy(attempt => attempt.Worker).Select(group => group.Last().Result))
            .Select(outcome => outcome is AttemptResults.Fail or AttemptResults.DeadLettered ? "dead" : outcome)
            .GroupBy(outcome => outcome, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        string[] always = [DoorOutcome.Queued, AttemptResults.Done, AttemptResults.Retry, "dead"];
        return always.Select(outcome => (outcome, outcomes.GetValueOrDefault(outcome)))
            .Concat(outcomes.Where(pair => !always.Contains(pair.Key)).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value)));
    }

    /// <summary>Bars per hour, oldest left, as SVG.</summary>
    private static HtmlFragment HourChart(IReadOnlyList<DeliveryRecord> day, DateTimeOffset now)
    {
        var hours = new int[24];
        foreach (var delivery in day)
        {
            var ago = (int)Math.Floor((now - delivery.ReceivedAt).TotalHours);
            if (ago is >= 0 and < 24)
            {
                hours[23 - ago]++;
            }
        }

        var most = Math.Max(1, hours.Max());
        const int width = 24 * 40, height = 150;
        var bars = Html.Join(hours.Select((count, hour) =>
        {
            var barHeight = (int)Math.Round(count * (height - 40.0) / most);
            return Html.Of($"""<rect class="bar" x="{hour * 40 + 4}" y="{height - 18 - barHeight}" width="32" height="{barHeight}"><title>{count} deliveries, {23 - hour} to {24 - hour} hours ago</title></rect>""");
        }));
        return Html.Of($"""
            <svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="Deliveries per hour over the last 24 hours: {day.Count} in all, at most {hours.Max()} in one hour">
            {bars}<text x="0" y="{height - 2}">24 h ago</text><text x="{width - 28}" y="{height - 2}">now</text><text x="0" y="12">most in an hour: {hours.Max()}</text>
            </svg>
            """);
    }
}

using System.Globalization;
using Unotify.Host.Reloading;
using Unotify.StateMachines;

namespace Unotify.Host.Dashboard;

/// <summary>
/// Each worker's state machines, one diagram per project with Jira's status names (SVG, drawn here), and the warnings
/// of its state file.
/// </summary>
internal static class MachinesSection
{
    private const int ColumnWidth = 170, RowHeight = 56, BoxWidth = 136, BoxHeight = 30, Margin = 12;

    public static void Map(IEndpointRouteBuilder pages) => pages.MapGet("/machines", Machines);

    private static IResult Machines(HttpContext context, LiveConfiguration live)
    {
        var sections = new List<HtmlFragment>();
        foreach (var worker in live.Current.File.Workers.Where(worker => worker.StateFile is not null))
        {
            // Read again for the page: the file in force may have warnings the log showed at start.
            var loaded = StateMachineLoader.LoadFile(worker.StateFile!);
            var machines = loaded.Set?.Machines.Where(machine => worker.Projects.Count == 0 || worker.Projects.Contains(machine.Key, StringComparer.OrdinalIgnoreCase)).ToList() ?? [];
            sections.Add(Html.Of($"""
                <section><h2>{worker.Name} <span class="muted">({worker.StateFile}, event "{worker.StateMachineEvent}")</span></h2>
                {(loaded.Diagnostics.Count == 0 ? HtmlFragment.Empty : Html.Of($"""<ul>{Html.Join(loaded.Diagnostics.Select(diagnostic => Html.Of($"""<li class="{(diagnostic.Severity == Unotify.StateMachines.DiagnosticSeverity.Error ? "bad" : "warn")}">{diagnostic.ToString()}</li>""")))}</ul>"""))}
                {Html.Join(machines.Select(Machine))}
                </section>
                """));
        }

        var body = sections.Count == 0 ? Html.Of($"""<p class="muted">No worker has a state file.</p>""") : Html.Join(sections);
        return DashboardResults.Page(context, "State machines", "/ui/machines", body);
    }

    private static HtmlFragment Machine(ProjectStateMachine machine)
    {
        // Columns by distance from the initial state; states it cannot reach go last.
        var column = new Dictionary<string, int>(StringComparer.Ordinal) { [machine.Initial] = 0 };
        var queue = new Queue<string>([machine.Initial]);
        while (queue.TryDequeue(out var state))
        {
            foreach (var transition in machine.Transitions.Where(transition => transition.FromStateId == state && transition.Target.StateId is not null))
            {
                if (column.TryAdd(transition.Target.StateId!, column[state] + 1))
                {
                    queue.Enqueue(transition.Target.StateId!);
                }
            }
        }

        var last = column.Values.DefaultIfEmpty(0).Max();
        foreach (var state in machine.States.Where(state => !column.ContainsKey(state)))
        {
            column[state] = last + 1;
        }

        var rows = new Dictionary<int, int>();
        var place = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        foreach (var state in machine.States.OrderBy(state => column[state]))
        {
            var row = rows.GetValueOrDefault(column[state]);
            rows[column[state]] = row + 1;
            place[state] = (Margin + column[state] * ColumnWidth, Margin + 20 + row * RowHeight);
        }

        var endColumn = column.Values.DefaultIfEmpty(0).Max() + 1;
        var end = (X: Margin + endColumn * ColumnWidth, Y: Margin + 20);
        var width = end.X + BoxWidth + Margin;
        var height = Margin + 20 + Math.Max(1, rows.Values.DefaultIfEmpty(1).Max()) * RowHeight + 40;
        var nodes = Html.Join(machine.States.Select(state => Html.Of($"""
            <g class="node"><rect x="{place[state].X}" y="{place[state].Y}" width="{BoxWidth}" height="{BoxHeight}" rx="6"/><text x="{place[state].X + 8}" y="{place[state].Y + 19}">{machine.Aliases[state]}{(state == machine.Initial ? " (initial)" : "")}</text></g>
            """)));
        var endNode = machine.Transitions.Any(transition => transition.Target.IsEnd)
            ? Html.Of($"""<g class="node"><rect x="{end.X}" y="{end.Y}" width="{BoxWidth}" height="{BoxHeight}" rx="15"/><text x="{end.X + 8}" y="{end.Y + 19}">{TransitionTarget.EndToken}</text></g>""")
            : HtmlFragment.Empty;
        return Html.Of($"""
            <h3>{machine.Key.ToUpperInvariant()}</h3>
            <svg viewBox="0 0 {width} {height}" role="img" aria-label="State machine of {machine.Key.ToUpperInvariant()}: {string.Join("; ", machine.Transitions.Select(transition => $"{machine.Aliases[transition.FromStateId]} --{transition.EventName}--> {(transition.Target.StateId is { } to ? machine.Aliases[to] : TransitionTarget.EndToken)}"))}">
            <defs><marker id="arrow-{machine.Key}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="edge-label"/></marker></defs>
            {Html.Join(machine.Transitions.Select((transition, index) => Edge(place[transition.FromStateId], transition.Target.StateId is { } target ? place[target] : end, transition.EventName, index, machine.Key)))}
            {nodes}{endNode}
            </svg>
            """);
    }

    /// <summary>One transition: forward edges arc above the boxes, backward ones below, each labelled with its event.</summary>
    private static HtmlFragment Edge((int X, int Y) from, (int X, int Y) to, string eventName, int index, string key)
    {
        var forward = to.X > from.X;
        var (x1, y1) = forward ? (from.X + BoxWidth, from.Y + BoxHeight / 2) : (from.X + BoxWidth / 2, from.Y + BoxHeight);
        var (x2, y2) = forward ? (to.X, to.Y + BoxHeight / 2) : (to.X + BoxWidth / 2, to.Y + BoxHeight);
        var bend = forward ? -18 - index % 3 * 6 : 28 + index % 3 * 8;
        var (cx, cy) = ((x1 + x2) / 2, Math.Min(y1, y2) + (forward ? bend : Math.Max(y1, y2) - Math.Min(y1, y2) + bend));
        string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
        var path = $"M{Number(x1)},{Number(y1)} Q{Number(cx)},{Number(cy)} {Number(x2)},{Number(y2)}";
        return Html.Of($"""<path class="edge" d="{path}" marker-end="url(#arrow-{key})"/><text class="edge-label" x="{cx - 14}" y="{(forward ? cy + 6 : cy - 2)}">{eventName}</text>""");
    }
}

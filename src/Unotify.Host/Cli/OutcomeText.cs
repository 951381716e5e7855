using Unotify.Core.History;

namespace Unotify.Host.Cli;

/// <summary>How the history commands write attempt results and item outcomes: one line each, coloured on a terminal.</summary>
internal static class OutcomeText
{
    /// <summary>An attempt's result (<c>done</c>, <c>retry</c>, …), green, red, yellow or cyan.</summary>
    public static string Result(CommandConsole console, string result) => result switch
    {
        AttemptResults.Done => console.Paint(result, "32"),
        AttemptResults.Fail or AttemptResults.DeadLettered => console.Paint(result, "31"),
        AttemptResults.Retry or AttemptResults.Held => console.Paint(result, "33"),
        _ => console.Paint(result, "36"),
    };

    /// <summary>One item as a line: the ticket, what became of it, the statuses, where its key was found and the detail.</summary>
    public static string Item(CommandConsole console, string subject, string kind, string? from, string? to, string? source, string detail)
    {
        var painted = kind switch
        {
            "moved" => console.Paint(kind, "32"),
            "failed" => console.Paint(kind, "31"),
            "retrying" => console.Paint(kind, "33"),
            "would_move" => console.Paint(kind, "36"),
            _ => console.Paint(kind, "2"),
        };
        var statuses = (from, to) switch
        {
            ({ } before, { } after) => $" {before} → {after}",
            ({ } before, null) => $" at {before}",
            _ => string.Empty,
        };
        // A detail that only repeats the statuses ("To Do → In Progress") is left out.
        var repeats = from is not null && to is not null && detail == $"{from} → {to}";
        return $"{subject} {painted}{statuses}{(source is null ? string.Empty : $" (key in {source})")}{(repeats ? string.Empty : " — " + detail)}";
    }
}

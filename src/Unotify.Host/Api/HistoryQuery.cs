using Unotify.Core.History;
using Unotify.Core.Registry;

namespace Unotify.Host.Api;

/// <summary>A history list's filters and cursor as a request gives them (the admin route's query, the dashboard's form), checked.</summary>
internal static class HistoryQuery
{
    /// <summary>Reads the filters; every value may be absent.</summary>
    /// <returns>The filter and cursor, or the problem with the first value that cannot be read, said for the user.</returns>
    public static (HistoryFilter? Filter, HistoryCursor? Cursor, string? Problem) Parse(
        string? provider, string? repoId, string? worker, string? outcome, string? since, string? cursor, DateTimeOffset now)
    {
        provider = Blank(provider);
        repoId = Blank(repoId);
        worker = Blank(worker);
        outcome = Blank(outcome);
        since = Blank(since);
        if (provider is not null && HookNames.Problem(provider, "The provider") is { } badProvider)
        {
            return (null, null, badProvider);
        }

        if (repoId is not null && HookNames.Problem(repoId, "The repo_id") is { } badRepo)
        {
            return (null, null, badRepo);
        }

        if (outcome is not null && !HistoryFilter.Outcomes.Contains(outcome, StringComparer.OrdinalIgnoreCase))
        {
            return (null, null, $"The outcome '{outcome}' is not one of: {string.Join(", ", HistoryFilter.Outcomes)}.");
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!HistoryFilter.TryParseSince(since, now, out var at))
            {
                return (null, null, $"since '{since}' is neither a time (2026-12-06T10:00:00Z) nor a duration back from now (2h, 7d).");
            }

            from = at;
        }

        HistoryCursor? after = null;
        if (Blank(cursor) is not null && !HistoryCursor.TryParse(cursor, out after))
        {
            return (null, null, "The cursor is not one this server gave out; start again without it.");
        }

        return (new HistoryFilter { Provider = provider, RepoId = repoId, Worker = worker, Outcome = outcome?.ToLowerInvariant(), Since = from }, after, null);
    }

    /// <summary>An empty query or form field means none.</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

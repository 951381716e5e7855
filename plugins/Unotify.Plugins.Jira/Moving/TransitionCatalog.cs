using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// The transitions Jira offers from a status, cached per (project, status) in the worker's shared cache. Jira offers
/// different transitions from different statuses, so a cache per project alone would be wrong.
/// </summary>
internal sealed class TransitionCatalog(JiraClient jira, TimeSpan timeToLive)
{
    /// <summary>The cache key for a project and status: <c>transitions:SOC:To Do</c>.</summary>
    public static string CacheKey(string project, string status) => $"transitions:{project}:{status}";

    /// <summary>The transitions offered from <paramref name="status"/> in <paramref name="project"/>.</summary>
    /// <param name="key">An issue of the project currently in <paramref name="status"/>, to ask Jira on a cache miss.</param>
    /// <param name="project">The project key.</param>
    /// <param name="status">The current status.</param>
    /// <param name="cache">The worker's shared cache.</param>
    /// <param name="fresh">Ask Jira even when the cache has an entry (the entry did not lead to the wanted status).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The transitions and whether they came from the cache, or Jira's problem.</returns>
    public async Task<(JiraAnswer<IReadOnlyList<JiraTransition>> Answer, bool FromCache)> GetAsync(
        string key, string project, string status, ISharedCache cache, bool fresh, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(project, status);
        if (!fresh && await cache.GetAsync(cacheKey, cancellationToken).ConfigureAwait(false) is { } cached
            && TryRead(cached, out var transitions))
        {
            return (JiraAnswer<IReadOnlyList<JiraTransition>>.Ok(transitions), true);
        }

        var answer = await jira.GetTransitionsAsync(key, cancellationToken).ConfigureAwait(false);
        if (answer.Succeeded)
        {
            var json = JsonSerializer.Serialize([.. answer.Value], JiraJsonContext.Default.JiraTransitionArray);
            await cache.SetAsync(cacheKey, json, timeToLive, cancellationToken).ConfigureAwait(false);
        }

        return (answer, false);
    }

    // An unreadable entry (written by another version, or damaged) counts as a miss and is overwritten.
    private static bool TryRead(string json, out IReadOnlyList<JiraTransition> transitions)
    {
        transitions = [];
        try
        {
            if (JsonSerializer.Deserialize(json, JiraJsonContext.Default.JiraTransitionArray) is { } read
                && Array.TrueForAll(read, t => t is { Id: not null, Name: not null }))
            {
                transitions = read;
                return true;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}

using Unotify.Sdk;

namespace Unotify.Core.Routing;

/// <summary>
/// A worker's <c>on:</c> filter: the (provider, kind) pairs it takes. <c>*</c> matches any provider or any kind.
/// </summary>
/// <param name="Rules">The pairs; the filter matches when any rule does.</param>
public sealed record EventFilter(IReadOnlyList<EventFilterRule> Rules)
{
    /// <summary>
    /// The filter of a worker with no <c>on:</c>: merged pull requests (GitHub) and merge requests (GitLab), and
    /// published releases, from any provider — what the seed's Jira worker meant.
    /// </summary>
    public static EventFilter Default { get; } = new(
    [
        new EventFilterRule("*", EventKinds.PullRequestMerged),
        new EventFilterRule("*", EventKinds.MergeRequestMerged),
        new EventFilterRule("*", EventKinds.ReleasePublished),
    ]);

    /// <summary>Whether an event from <paramref name="provider"/> of kind <paramref name="kind"/> passes.</summary>
    /// <param name="provider">The event's provider.</param>
    /// <param name="kind">The event's kind.</param>
    /// <returns><see langword="true"/> when a rule matches.</returns>
    public bool Matches(string provider, string kind)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(provider, kind))
            {
                return true;
            }
        }

        return false;
    }
}

namespace Unotify.Core.Routing;

/// <summary>One (provider, kind) pair of an <see cref="EventFilter"/>; <c>*</c> is a wildcard, names compare case-insensitively.</summary>
/// <param name="Provider">The provider name or <c>*</c>.</param>
/// <param name="Kind">The event kind (<c>pull_request.merged</c>), an event name matching all its actions (<c>pull_request</c>), or <c>*</c>.</param>
public sealed record EventFilterRule(string Provider, string Kind)
{
    /// <summary>Whether the rule takes an event from <paramref name="provider"/> of kind <paramref name="kind"/>.</summary>
    /// <param name="provider">The event's provider.</param>
    /// <param name="kind">The event's kind.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Matches(string provider, string kind) =>
        // Unotify's own alerts are taken only by a worker that names their provider: '*' means the senders' providers.
        ((Provider == "*" && !string.Equals(provider, Limits.AlertEvents.Provider, StringComparison.OrdinalIgnoreCase))
            || string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase))
        && (Kind == "*"
            || string.Equals(Kind, kind, StringComparison.OrdinalIgnoreCase)
            || (kind.Length > Kind.Length && kind[Kind.Length] == '.' && kind.StartsWith(Kind, StringComparison.OrdinalIgnoreCase)));
}

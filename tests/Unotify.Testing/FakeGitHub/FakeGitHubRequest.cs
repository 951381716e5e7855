namespace Unotify.Testing.FakeGitHub;

/// <summary>One request the fake GitHub API answered.</summary>
/// <param name="Path">The path below the API address, for example <c>/repos/o/r/pulls/2/commits</c>.</param>
/// <param name="Query">The query string including <c>?</c>, or empty.</param>
/// <param name="Headers">The request's headers by name (case-insensitive), multiple values joined by <c>, </c>.</param>
/// <param name="StatusCode">The status the fake answered with.</param>
public sealed record FakeGitHubRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers, int StatusCode)
{
    /// <summary>A header's value, or <see langword="null"/>.</summary>
    /// <param name="name">The header's name, in any case.</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

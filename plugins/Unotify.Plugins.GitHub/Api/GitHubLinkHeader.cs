namespace Unotify.Plugins.GitHub;

/// <summary>Reads the next page's address from GitHub's <c>Link</c> header: <c>&lt;https://…&amp;page=2&gt;; rel="next", &lt;…&gt;; rel="last"</c>.</summary>
internal static class GitHubLinkHeader
{
    /// <summary>The address marked <c>rel="next"</c>, or <see langword="null"/> on the last page.</summary>
    /// <param name="values">The response's <c>Link</c> header values.</param>
    /// <returns>The absolute address, or <see langword="null"/> when there is none (or it is not an absolute address).</returns>
    public static Uri? NextOf(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var parts = link.Split(';');
                var target = parts[0].Trim();
                var isNext = parts.Skip(1).Any(parameter => parameter.Trim().Replace(" ", string.Empty, StringComparison.Ordinal)
                    .Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase));
                if (isNext && target.StartsWith('<') && target.EndsWith('>')
                    && Uri.TryCreate(target[1..^1], UriKind.Absolute, out var next))
                {
                    return next;
                }
            }
        }

        return null;
    }
}

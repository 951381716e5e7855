namespace Unotify.Plugins.Jira;

/// <summary>A Jira worker's validated settings.</summary>
internal sealed record JiraSettings
{
    /// <summary>The Jira site without a trailing slash (<c>https://acme.atlassian.net</c>, or a Data Center context path).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>How to authenticate.</summary>
    public required JiraCredentials Credentials { get; init; }

    /// <summary>The REST API version: 3 (Cloud) or 2 (Data Center and Cloud).</summary>
    public int ApiVersion { get; init; } = 3;

    /// <summary>How long one HTTP request to Jira may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Log planned transitions and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>How many tickets of one event are handled at once.</summary>
    public int MaxParallel { get; init; } = 4;

    /// <summary>How long the transitions offered from a (project, status) stay in the shared cache.</summary>
    public TimeSpan TransitionCacheTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Whether each ticket an event names gets a link to the pull request, commit or release (setting <c>link</c>).</summary>
    public bool Link { get; init; } = true;

    /// <summary>The comment added when a ticket moves (<c>comment_on_move: true</c>), or <see langword="null"/> for none.</summary>
    public MoveCommentTemplate? MoveComment { get; init; }

    /// <summary>The REST API root, for example <c>https://acme.atlassian.net/rest/api/3</c>.</summary>
    public string ApiRoot => $"{BaseUrl}/rest/api/{ApiVersion}";
}

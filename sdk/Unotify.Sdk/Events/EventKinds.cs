namespace Unotify.Sdk;

/// <summary>The event kinds the built-in providers emit and the default worker filter uses.</summary>
public static class EventKinds
{
    /// <summary>A GitHub pull request was merged.</summary>
    public const string PullRequestMerged = "pull_request.merged";

    /// <summary>A GitLab merge request was merged.</summary>
    public const string MergeRequestMerged = "merge_request.merged";

    /// <summary>A release was published.</summary>
    public const string ReleasePublished = "release.published";

    /// <summary>Commits were pushed.</summary>
    public const string Push = "push";
}

namespace Unotify.Plugins.Jira;

/// <summary>Why a Jira request did not succeed, grouped by what the processor does about it.</summary>
internal enum JiraProblemKind
{
    /// <summary>404: the issue does not exist or the account cannot see it; skip the key.</summary>
    NotFound,

    /// <summary>401 or 403: the credentials are wrong or lack permission; fail.</summary>
    Unauthorized,

    /// <summary>400: Jira refused the request (a transition not allowed, a required screen field); fail the key.</summary>
    Rejected,

    /// <summary>429: too many requests; retry after the delay Jira asked for.</summary>
    Throttled,

    /// <summary>5xx, a timeout or an unreachable server; retry. For a POST the change may or may not have happened.</summary>
    Unavailable,

    /// <summary>Any other answer (an unexpected status, a body that is not Jira's JSON); fail.</summary>
    Unexpected,
}

namespace Unotify.Host.Hosting;

/// <summary>What one process runs: the HTTP API, the workers, or both.</summary>
public enum HostRole
{
    /// <summary>The HTTP API and the workers (<c>unotify</c>, <c>unotify all</c>).</summary>
    All = 0,

    /// <summary>The HTTP API only (<c>unotify serve</c>).</summary>
    Serve = 1,

    /// <summary>The workers only (<c>unotify work</c>).</summary>
    Work = 2,
}

using System.Net.Http.Headers;

namespace Unotify.Plugins.Http;

/// <summary>Reads a <c>Retry-After</c> header given as seconds or as an HTTP date.</summary>
internal static class RetryAfterReader
{
    /// <summary>The wait asked for, or <see langword="null"/> when there is none (the host backs off by itself).</summary>
    public static TimeSpan? Read(RetryConditionHeaderValue? header, TimeProvider timeProvider)
    {
        var wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}

using System.Net.Http.Headers;

namespace Unotify.Samples.SlackNotifier;

/// <summary>Reads a <c>Retry-After</c> header, given as seconds or as an HTTP date.</summary>
internal static class RetryAfter
{
    /// <summary>The wait the header asks for, or <see langword="null"/> when there is none (the host then backs off).</summary>
    public static TimeSpan? Of(RetryConditionHeaderValue? header, TimeProvider timeProvider)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}

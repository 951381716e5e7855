using System.Net.Http.Headers;

namespace Unotify.Sdk;

/// <summary>Reads the wait an HTTP answer asks for in <c>Retry-After</c>, so that a processor can return it with <see cref="ProcessingResult.Retry"/>.</summary>
public static class RetryAfter
{
    /// <summary>The wait <paramref name="response"/> asks for, or <see langword="null"/> when it asks for none (the host then backs off by itself).</summary>
    /// <param name="response">The answer (429, 503, …).</param>
    /// <param name="time">The clock an HTTP date is measured against.</param>
    /// <returns>The wait; a date in the past is <see cref="TimeSpan.Zero"/>.</returns>
    public static TimeSpan? Of(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Of(response.Headers.RetryAfter, time);
    }

    /// <summary>The wait <paramref name="header"/> asks for, as seconds or as an HTTP date, or <see langword="null"/> without one.</summary>
    /// <param name="header">The parsed header, or <see langword="null"/>.</param>
    /// <param name="time">The clock an HTTP date is measured against.</param>
    /// <returns>The wait; a date in the past is <see cref="TimeSpan.Zero"/>.</returns>
    public static TimeSpan? Of(RetryConditionHeaderValue? header, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}

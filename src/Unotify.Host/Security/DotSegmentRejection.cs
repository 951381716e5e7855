using Microsoft.AspNetCore.Http.Features;
using Unotify.Host.Api;

namespace Unotify.Host.Security;

/// <summary>
/// Answers 400 to a request whose path, as sent, has a <c>.</c> or <c>..</c> segment (also percent-encoded).
/// </summary>
/// <remarks>
/// Kestrel resolves dot segments before routing, so <c>DELETE /conduit/webhooks/github/r1/../r1</c> would reach the
/// route for <c>r1</c>. None of Unotify's routes has such a segment, and a client that sends one is either broken or
/// trying to reach something other than what its URL seems to name, so the request is refused instead of resolved.
/// </remarks>
internal sealed class DotSegmentRejection(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        return HasDotSegment(target)
            ? ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, "The path has a '.' or '..' segment; send the path without them (Unotify's routes never have them).")
                .ExecuteAsync(context)
            : next(context);
    }

    internal static bool HasDotSegment(string target)
    {
        var query = target.IndexOfAny(['?', '#']);
        var path = query < 0 ? target.AsSpan() : target.AsSpan(0, query);
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.Length is > 0 and <= 6 && (segment.Contains('.') || segment.Contains('%')))
            {
                var decoded = Uri.UnescapeDataString(segment.ToString());
                if (decoded is "." or "..")
                {
                    return true;
                }
            }
        }

        return false;
    }
}

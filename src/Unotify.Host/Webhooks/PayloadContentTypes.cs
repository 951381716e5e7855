using Microsoft.Net.Http.Headers;

namespace Unotify.Host.Webhooks;

/// <summary>The media types a webhook body may have: <c>application/json</c>, <c>*/*+json</c> and forms (GitHub's <c>payload=</c>).</summary>
internal static class PayloadContentTypes
{
    /// <summary>The media type without parameters, lower case, when it is one Unotify accepts; otherwise <see langword="null"/>.</summary>
    public static string? Accepted(string? contentType, out string? mediaType)
    {
        mediaType = null;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } value)
        {
            return null;
        }

        mediaType = value.ToLowerInvariant();
        var accepted = mediaType == "application/json"
            || mediaType == "application/x-www-form-urlencoded"
            || (mediaType.EndsWith("+json", StringComparison.Ordinal) && mediaType.Contains('/', StringComparison.Ordinal));
        return accepted ? mediaType : null;
    }
}

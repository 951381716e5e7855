using Microsoft.Net.Http.Headers;

namespace Unotify.Host.Webhooks;

/// <summary>Matches a request's <c>Content-Type</c> against the media types a provider declares (<see cref="Sdk.IWebhookProvider.MediaTypes"/>).</summary>
internal static class MediaTypes
{
    /// <summary>The pattern a provider declares to take every structured-syntax JSON type (<c>application/vnd.x+json</c>).</summary>
    public const string AnyJson = "application/*+json";

    /// <summary>The media type of <paramref name="contentType"/> without parameters, lower case; <see langword="null"/> when there is none or it cannot be read.</summary>
    public static string? Of(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Value is { } value
            ? value.ToLowerInvariant()
            : null;

    /// <summary>Whether <paramref name="mediaType"/> is one of <paramref name="accepted"/>.</summary>
    public static bool Accepts(IReadOnlyList<string> accepted, string mediaType)
    {
        foreach (var pattern in accepted)
        {
            if (string.Equals(pattern, mediaType, StringComparison.OrdinalIgnoreCase)
                || (string.Equals(pattern, AnyJson, StringComparison.OrdinalIgnoreCase)
                    && mediaType.StartsWith("application/", StringComparison.Ordinal)
                    && mediaType.EndsWith("+json", StringComparison.Ordinal)
                    && mediaType.Length > "application/+json".Length))
            {
                return true;
            }
        }

        return false;
    }
}

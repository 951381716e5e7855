using System.Net;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// Finds the JSON payload in a request body: the body itself for <c>application/json</c>, or the URL-decoded
/// <c>payload</c> field for <c>application/x-www-form-urlencoded</c> (GitHub's "form" content type).
/// </summary>
internal static class GitHubPayloadBody
{
    private const string JsonMediaType = "application/json";
    private const string FormMediaType = "application/x-www-form-urlencoded";
    private static readonly byte[] _payloadField = "payload="u8.ToArray();

    /// <summary>Extracts the JSON bytes, or says why there are none.</summary>
    /// <param name="contentType">The media type without parameters, one of the provider's media types.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="json">The JSON payload bytes.</param>
    /// <param name="error">What is wrong with the body, when there is no payload.</param>
    /// <returns>Whether a payload was found.</returns>
    public static bool TryGetJson(string contentType, ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> json, out string error)
    {
        json = default;
        error = string.Empty;
        // Structured-syntax JSON types (application/vnd.github+json) are JSON too; the host lets them through.
        if (contentType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
            || contentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            json = body;
        }
        else if (contentType.Equals(FormMediaType, StringComparison.OrdinalIgnoreCase))
        {
            if (!TryGetFormPayload(body.Span, out json))
            {
                error = "The form body has no 'payload' field; GitHub sends the JSON event as payload=<url-encoded JSON>.";
                return false;
            }
        }
        else
        {
            error = $"Content type '{contentType}' is not supported; set the hook's content type to {JsonMediaType} or {FormMediaType}.";
            return false;
        }

        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "The payload is empty; GitHub sends the event as a JSON object.";
            return false;
        }

        return true;
    }

    private static bool TryGetFormPayload(ReadOnlySpan<byte> form, out ReadOnlyMemory<byte> json)
    {
        json = default;
        while (!form.IsEmpty)
        {
            var end = form.IndexOf((byte)'&');
            var pair = end < 0 ? form : form[..end];
            if (pair.StartsWith(_payloadField))
            {
                var encoded = pair[_payloadField.Length..].ToArray();
                json = WebUtility.UrlDecodeToBytes(encoded, 0, encoded.Length) ?? [];
                return true;
            }

            form = end < 0 ? [] : form[(end + 1)..];
        }

        return false;
    }
}

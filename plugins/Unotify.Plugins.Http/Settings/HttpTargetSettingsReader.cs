using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>Reads and checks the <c>http</c> processor's settings, so a bad value is a start-up error naming the key.</summary>
internal static class HttpTargetSettingsReader
{
    public const string UrlKey = "url";
    public const string SecretKey = "secret";
    public const string TemplateKey = "template";
    public const string TimeoutKey = "timeout";
    public const string HeadersPrefix = "headers:";

    /// <summary>Headers the processor sets itself; a setting may not replace them.</summary>
    private static readonly string[] _reservedHeaders =
        ["Content-Type", "Content-Length", "Host", "Transfer-Encoding", HttpEventHeaders.Signature256, HttpEventHeaders.Delivery, HttpEventHeaders.Event];

    /// <exception cref="ProcessorSettingsException">A setting is missing or invalid.</exception>
    public static HttpTargetSettings Read(ProcessorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var worker = settings.WorkerName;
        var urlText = settings.GetRequiredString(UrlKey);
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            // The URL may carry a token in its path or query: name the key, never echo the value.
            throw new ProcessorSettingsException(
                $"worker '{worker}': setting '{UrlKey}' is not an absolute http(s) URL; write the full address the events go to, for example https://ci.example.com/hooks/unotify.");
        }

        var secret = settings.Values.ContainsKey(SecretKey) ? settings.GetString(SecretKey) : null;
        if (settings.Values.ContainsKey(SecretKey) && string.IsNullOrWhiteSpace(secret))
        {
            throw new ProcessorSettingsException(
                $"worker '{worker}': setting '{SecretKey}' is empty; set it to the receiver's shared secret (for example ${{HOOK_SECRET}}) or remove it to send unsigned.");
        }

        var template = settings.GetString(TemplateKey) is { } text
            ? EventBodyTemplate.Parse(text, problem => new ProcessorSettingsException($"worker '{worker}': setting '{TemplateKey}' {problem}"))
            : null;
        return new HttpTargetSettings(url, secret, ReadHeaders(settings), template, settings.GetDuration(TimeoutKey, TimeSpan.FromSeconds(10)));
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(ProcessorSettings settings)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in settings.Values)
        {
            if (!key.StartsWith(HeadersPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = key[HeadersPrefix.Length..];
            if (name.Length == 0 || name.Contains(':', StringComparison.Ordinal) || !name.All(IsTokenChar))
            {
                throw new ProcessorSettingsException(
                    $"worker '{settings.WorkerName}': setting '{key}' does not name a valid HTTP header; write headers as a map of names to values, for example headers: {{ Authorization: \"Bearer ${{TOKEN}}\" }}.");
            }

            if (_reservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ProcessorSettingsException(
                    $"worker '{settings.WorkerName}': setting '{key}' sets {name}, which the processor sets itself; remove it.");
            }

            if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
            {
                throw new ProcessorSettingsException(
                    $"worker '{settings.WorkerName}': setting '{key}' has a line break in its value; a header value is one line.");
            }

            headers.Add(KeyValuePair.Create(name, value));
        }

        return headers;
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}

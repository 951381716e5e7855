using Unotify.Sdk;

namespace Unotify.Plugins.Hmac;

/// <summary>One <c>hmac</c> provider instance's settings from <c>workers.yaml</c>, validated.</summary>
public sealed record HmacProviderOptions
{
    private static readonly string[] KnownKeys =
        ["header", "algorithm", "prefix", "encoding", "event_header", "delivery_header", "text_fields"];

    /// <summary>The header carrying the signature (<c>header:</c>, required), for example <c>X-Acme-Signature</c>.</summary>
    public required string Header { get; init; }

    /// <summary>The HMAC's hash function (<c>algorithm:</c>, default <c>sha256</c>).</summary>
    public HmacAlgorithm Algorithm { get; init; } = HmacAlgorithm.Sha256;

    /// <summary>Text before the encoded HMAC in the header (<c>prefix:</c>, for example <c>sha256=</c>); empty for none.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>How the HMAC is encoded (<c>encoding:</c>, default <c>hex</c>).</summary>
    public SignatureEncoding Encoding { get; init; } = SignatureEncoding.Hex;

    /// <summary>The header naming the event kind (<c>event_header:</c>); without it every delivery is of kind <c>webhook</c>.</summary>
    public string? EventHeader { get; init; }

    /// <summary>The header with the sender's delivery id (<c>delivery_header:</c>); without it the id is the body's SHA-256.</summary>
    public string? DeliveryHeader { get; init; }

    /// <summary>Dotted JSON paths (<c>issue.title</c>) whose string values may name tickets (<c>text_fields:</c>).</summary>
    public IReadOnlyList<string> TextFields { get; init; } = [];

    /// <summary>Reads and validates an instance's settings.</summary>
    /// <param name="settings">The instance's name and flattened settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ProcessorSettingsException">A setting is missing, unknown or has a bad value; the message names it and the fix.</exception>
    public static HmacProviderOptions Read(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var values = settings.Values;
        foreach (var key in values.Values.Keys)
        {
            var root = key.Split(':')[0];
            if (!KnownKeys.Contains(root, StringComparer.OrdinalIgnoreCase))
            {
                throw Problem(settings, $"setting '{key}' is not known; use {string.Join(", ", KnownKeys)}");
            }
        }

        var header = values.GetString("header")
            ?? throw Problem(settings, "setting 'header' is required: name the header the sender puts its signature in, for example 'header: X-Acme-Signature'");
        var textFields = values.GetList("text_fields");
        foreach (var field in textFields)
        {
            if (field.Split('.').Any(string.IsNullOrWhiteSpace))
            {
                throw Problem(settings, $"text_fields has '{field}', which is not a dotted JSON path; write paths such as 'issue.title'");
            }
        }

        return new HmacProviderOptions
        {
            Header = header,
            Algorithm = Choose(settings, "algorithm", HmacAlgorithm.Sha256, ("sha1", HmacAlgorithm.Sha1), ("sha256", HmacAlgorithm.Sha256), ("sha512", HmacAlgorithm.Sha512)),
            Prefix = values.Values.TryGetValue("prefix", out var prefix) ? prefix : string.Empty,
            Encoding = Choose(settings, "encoding", SignatureEncoding.Hex, ("hex", SignatureEncoding.Hex), ("base64", SignatureEncoding.Base64)),
            EventHeader = values.GetString("event_header"),
            DeliveryHeader = values.GetString("delivery_header"),
            TextFields = textFields,
        };
    }

    private static T Choose<T>(ProviderSettings settings, string key, T defaultValue, params (string Text, T Value)[] choices)
    {
        var text = settings.Values.GetString(key);
        if (text is null)
        {
            return defaultValue;
        }

        foreach (var (choice, value) in choices)
        {
            if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw Problem(settings, $"setting '{key}' is '{text}', which is not {string.Join(" or ", choices.Select(choice => choice.Text))}");
    }

    private static ProcessorSettingsException Problem(ProviderSettings settings, string problem) =>
        new($"provider '{settings.Name}': {problem}; fix it under providers: {settings.Name}: settings: in workers.yaml.");
}

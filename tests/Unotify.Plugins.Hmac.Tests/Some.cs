using System.Security.Cryptography;
using System.Text;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac.Tests;

/// <summary>Test data: provider instances built from settings as workers.yaml would give them, and signed requests.</summary>
internal static class Some
{
    public const string Secret = "It's a Secret to Everybody";

    public static ProviderSettings Settings(string name = "acme", params (string Key, string Value)[] values) =>
        new(name, new ProcessorSettings(name, values.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value))));

    public static HmacWebhookProvider Provider(params (string Key, string Value)[] values) =>
        new(Settings("acme", values));

    public static WebhookRequest Request(string body, params (string Name, string Value)[] headers) => Request(Encoding.UTF8.GetBytes(body), headers);

    public static WebhookRequest Request(byte[] body, params (string Name, string Value)[] headers) => new()
    {
        Provider = "acme",
        RepoId = "42",
        RepoPath = "acme/rockets",
        Headers = new WebhookHeaders(headers.Select(header => new KeyValuePair<string, string>(header.Name, header.Value))),
        Body = body,
        ContentType = "application/json",
        ReceivedAt = new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero),
    };

    /// <summary>The HMAC computed independently of the plugin, with the framework's keyed hash classes.</summary>
    public static byte[] Hmac(string algorithm, string secret, byte[] body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        using HMAC hmac = algorithm switch
        {
            "sha1" => new HMACSHA1(key),
            "sha256" => new HMACSHA256(key),
            "sha512" => new HMACSHA512(key),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "sha1, sha256 or sha512"),
        };
        return hmac.ComputeHash(body);
    }

    public static string Encode(byte[] hash, string encoding) =>
        encoding == "hex" ? Convert.ToHexStringLower(hash) : Convert.ToBase64String(hash);
}

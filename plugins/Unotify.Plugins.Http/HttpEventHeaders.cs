namespace Unotify.Plugins.Http;

/// <summary>The headers the <c>http</c> processor adds to every post.</summary>
internal static class HttpEventHeaders
{
    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body, keyed with the <c>secret</c> setting.</summary>
    public const string Signature256 = "X-Unotify-Signature-256";

    /// <summary>The delivery id, the same on every attempt: receivers de-duplicate on it.</summary>
    public const string Delivery = "X-Unotify-Delivery";

    /// <summary>The event kind (<c>pull_request.merged</c>).</summary>
    public const string Event = "X-Unotify-Event";
}

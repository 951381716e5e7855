namespace Unotify.Plugins.Http;

/// <summary>Where and how the <c>http</c> processor posts, as read from the worker's settings.</summary>
/// <param name="Url">The target (<c>url</c>).</param>
/// <param name="Secret">The key for <c>X-Unotify-Signature-256</c> (<c>secret</c>), or <see langword="null"/> to send none.</param>
/// <param name="Headers">Extra request headers (<c>headers:</c>), in the order written.</param>
/// <param name="Template">The body template (<c>template</c>), or <see langword="null"/> to post the normalized event.</param>
/// <param name="Timeout">How long one post may take (<c>timeout</c>).</param>
internal sealed record HttpTargetSettings(
    Uri Url, string? Secret, IReadOnlyList<KeyValuePair<string, string>> Headers, EventBodyTemplate? Template, TimeSpan Timeout);

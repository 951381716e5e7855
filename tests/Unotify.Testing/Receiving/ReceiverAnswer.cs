namespace Unotify.Testing.Receiving;

/// <summary>How a <see cref="RecordingReceiver"/> answers one request.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Body">The body text.</param>
/// <param name="RetryAfter">A <c>Retry-After</c> value (seconds or an HTTP date), or <see langword="null"/> for none.</param>
public sealed record ReceiverAnswer(int Status, string Body, string? RetryAfter = null)
{
    /// <summary>200 <c>ok</c>, the answer when none is queued.</summary>
    public static ReceiverAnswer Ok { get; } = new(200, "ok");
}

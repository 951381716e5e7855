namespace Unotify.Host.Api;

/// <summary>What the payload route answers for a genuine delivery.</summary>
/// <param name="DeliveryId">The delivery id.</param>
/// <param name="Duplicate">The delivery was seen before; nothing was queued again.</param>
/// <param name="Ignored">Why the delivery needed no processing (<c>ping</c>), or <see langword="null"/>.</param>
/// <param name="QueuedFor">The workers a job was queued for.</param>
public sealed record PayloadAccepted(string? DeliveryId, bool Duplicate, string? Ignored, IReadOnlyList<string> QueuedFor);

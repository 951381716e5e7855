namespace Unotify.Core.History;

/// <summary>What the door answered a delivery to a known hook.</summary>
public static class DoorOutcome
{
    /// <summary>Verified and queued for at least one worker (or for none, when no worker takes it).</summary>
    public const string Queued = "queued";

    /// <summary>Seen before: nothing queued again.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Verified, and nothing to do (a ping).</summary>
    public const string Ignored = "ignored";

    /// <summary>Refused: a bad signature, a malformed body, too large, a content type the provider does not take.</summary>
    public const string Rejected = "rejected";
}

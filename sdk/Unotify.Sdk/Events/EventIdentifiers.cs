namespace Unotify.Sdk;

/// <summary>
/// What the host accepts as an event's identifying fields (<see cref="WebhookEvent.DeliveryId"/> and
/// <see cref="WebhookEvent.Kind"/>): they become parts of store keys, log lines and metrics, so they are bounded and
/// printable. The host answers 400 for an event whose fields break these rules; a provider that checks them itself
/// can name the header or field the value came from.
/// </summary>
public static class EventIdentifiers
{
    /// <summary>The longest delivery id or event kind, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>What is wrong with <paramref name="value"/> as a delivery id or event kind, or <see langword="null"/> when nothing is.</summary>
    /// <param name="value">The value.</param>
    /// <returns>
    /// <see langword="null"/> for 1–<see cref="MaxLength"/> characters with no control character; otherwise the problem,
    /// phrased to follow the value's name ("is empty", "is 300 characters long; at most 200 are allowed",
    /// "contains the control character U+0009").
    /// </returns>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is empty";
        }

        if (value.Length > MaxLength)
        {
            return $"is {value.Length} characters long; at most {MaxLength} are allowed";
        }

        foreach (var character in value)
        {
            if (char.IsControl(character))
            {
                return $"contains the control character U+{(int)character:X4}";
            }
        }

        return null;
    }
}

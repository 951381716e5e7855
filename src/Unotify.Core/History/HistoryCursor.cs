using System.Globalization;
using System.Text;

namespace Unotify.Core.History;

/// <summary>Where a page of the history ended: the last delivery's arrival and key. Written for clients as one opaque string.</summary>
/// <param name="ReceivedAt">The last returned delivery's arrival.</param>
/// <param name="Key">Its delivery key.</param>
public sealed record HistoryCursor(DateTimeOffset ReceivedAt, string Key)
{
    /// <summary>The cursor as an opaque URL-safe string.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(ReceivedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\n" + Key))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads a cursor written by <see cref="ToString"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cursor">The cursor, when the text is one.</param>
    /// <returns>Whether it was.</returns>
    public static bool TryParse(string? text, out HistoryCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 2000)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(bytes, 0, written);
        var newline = decoded.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0 || !long.TryParse(decoded.AsSpan(0, newline), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) || ms < 0 || ms > 253402300799999)
        {
            return false;
        }

        cursor = new HistoryCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), decoded[(newline + 1)..]);
        return true;
    }
}

using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Unotify.Core.Storage;

/// <summary>
/// What the embedded Garnet server said while it recovered its data directory, at every level, and which files that
/// directory held: the evidence an operator (and we) need when a store comes back empty. Garnet reports a recovery that
/// found nothing usable at Debug and Information level ("Unable to recover using any available commit"), which the
/// host's log never shows; the transcript keeps those lines while the server starts (Garnet recovers inside its
/// <c>Start</c>) and then stops recording.
/// </summary>
internal sealed class GarnetRecoveryTranscript
{
    /// <summary>
    /// The most lines kept after the first (Garnet's version): the last ones, because Garnet recovers at the end of
    /// its start, after it has described its settings.
    /// </summary>
    internal const int MostLines = 40;

    private const int MostCharactersPerLine = 400;

    private readonly Queue<string> _lines = new();
    private string? _first;
    private volatile bool _recording = true;

    /// <summary>How many lines were dropped between the first and the last <see cref="MostLines"/>.</summary>
    public int Skipped { get; private set; }

    /// <summary>Whether lines are still being recorded (until <see cref="Stop"/>).</summary>
    public bool IsRecording => _recording;

    /// <summary>Records one of Garnet's log lines, unless it is its options dump, a banner or names the password.</summary>
    /// <param name="level">The line's level.</param>
    /// <param name="message">The formatted message.</param>
    /// <param name="exception">The exception logged with it, whose message is kept (not its stack).</param>
    public void Record(LogLevel level, string message, Exception? exception)
    {
        if (!_recording)
        {
            return;
        }

        var text = message.Trim();

        // Garnet logs its whole configuration as indented JSON, a line per option, and frames sections in asterisks. A
        // line that names the password is never kept, whatever its shape: the message may be shown to anyone.
        if (text.Length == 0 || text[0] is '"' or '{' or '}' or '*' || text.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (exception is not null)
        {
            text += $" ({exception.GetType().Name}: {exception.Message})";
        }

        if (text.Length > MostCharactersPerLine)
        {
            text = text[..MostCharactersPerLine] + "…";
        }

        var line = $"[{level}] {text}";
        lock (_lines)
        {
            if (_first is null)
            {
                _first = line;
                return;
            }

            if (_lines.Count == MostLines)
            {
                _lines.Dequeue();
                Skipped++;
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>Stops recording: the server has recovered, and later lines are its ordinary ones.</summary>
    public void Stop() => _recording = false;

    /// <summary>The recorded lines and the files under <paramref name="storeDirectory"/>, as a paragraph for an error message.</summary>
    /// <param name="storeDirectory">The directory Garnet keeps its log and checkpoints in.</param>
    public string Describe(string storeDirectory)
    {
        var text = new StringBuilder();
        lock (_lines)
        {
            text.Append("What Garnet said while it recovered: ");
            var lines = _first is null ? [] : new List<string> { _first };
            if (Skipped > 0)
            {
                lines.Add($"({Skipped} lines left out)");
            }

            lines.AddRange(_lines);
            text.Append(lines.Count == 0 ? "nothing." : string.Join(" | ", lines) + ".");
        }

        try
        {
            text.Append(" Its files: ").Append(DescribeFiles(storeDirectory)).Append('.');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            text.Append(" Its files could not be listed (").Append(exception.Message).Append(").");
        }

        return text.ToString();
    }

    /// <summary>Every file under <paramref name="storeDirectory"/> with its size, relative to it; at most 60.</summary>
    internal static string DescribeFiles(string storeDirectory)
    {
        if (!Directory.Exists(storeDirectory))
        {
            return "none (no directory)";
        }

        var files = Directory.EnumerateFiles(storeDirectory, "*", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(storeDirectory, path), new FileInfo(path).Length))
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return "none";
        }

        var shown = files.Take(60).Select(file => string.Create(CultureInfo.InvariantCulture, $"{file.Name} ({file.Length:N0} bytes)"));
        return string.Join(", ", shown) + (files.Count > 60 ? $" and {files.Count - 60} more" : string.Empty);
    }
}

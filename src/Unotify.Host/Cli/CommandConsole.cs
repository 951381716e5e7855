using System.CommandLine;

namespace Unotify.Host.Cli;

/// <summary>Where a command writes, and how: colours only on a terminal that wants them, lines cut to its width.</summary>
internal sealed class CommandConsole
{
    private CommandConsole(TextWriter output, TextWriter error, bool colour, int width)
    {
        Output = output;
        Error = error;
        Colour = colour;
        LineWidth = width;
    }

    /// <summary>Where results go.</summary>
    public TextWriter Output { get; }

    /// <summary>Where errors go.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether to colour the output: standard output is a terminal and <c>NO_COLOR</c> is not set.</summary>
    public bool Colour { get; }

    /// <summary>How wide a line may be.</summary>
    public int LineWidth { get; }

    /// <summary>The terminal's width, or 120 when standard output is not one.</summary>
    public static int Width => Console.IsOutputRedirected ? 120 : Math.Max(Console.WindowWidth, 40);

    /// <summary>The console of one invocation.</summary>
    public static CommandConsole Of(ParseResult parsed)
    {
        var output = parsed.InvocationConfiguration.Output;
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var colour = terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new CommandConsole(output, parsed.InvocationConfiguration.Error, colour, terminal ? Width : int.MaxValue);
    }

    /// <summary><paramref name="text"/> in a colour (an ANSI code such as <c>32</c> for green) when colours are on.</summary>
    public string Paint(string text, string code) => Colour ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>Writes a line to standard output, cut to the line width.</summary>
    public Task WriteLineAsync(string line) => Output.WriteLineAsync(Cut(line));

    /// <summary>Writes an error line, prefixed with the command's path.</summary>
    public Task FailAsync(string command, string message) => Error.WriteLineAsync($"{command}: {message}");

    /// <summary>Writes rows as a table: columns as wide as their widest cell, the last column cut to the line width.</summary>
    public async Task WriteTableAsync(IReadOnlyList<string> headings, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headings.Select((heading, column) => rows.Select(row => row[column].Length).Append(heading.Length).Max()).ToArray();
        await WriteLineAsync(Format(headings, widths));
        foreach (var row in rows)
        {
            await WriteLineAsync(Format(row, widths));
        }
    }

    private static string Format(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => column == cells.Count - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd();

    private string Cut(string line)
    {
        // Colour codes take no room on the screen; a coloured line is not cut, so that no code is cut in half.
        if (line.Length <= LineWidth || line.Contains('\u001b', StringComparison.Ordinal))
        {
            return line;
        }

        return line[..(LineWidth - 1)] + "…";
    }
}

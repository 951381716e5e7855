namespace Unotify.Host.Cli;

/// <summary>A command's input: its positional words, the options (<c>--redis …</c>) and where to write.</summary>
/// <param name="Words">The words after the command word, up to the first option.</param>
/// <param name="Options">The options, passed to the configuration as they were given.</param>
/// <param name="Output">Where results go.</param>
/// <param name="Error">Where errors go.</param>
internal sealed record CommandInvocation(IReadOnlyList<string> Words, string[] Options, TextWriter Output, TextWriter Error)
{
    /// <summary>The word at <paramref name="index"/>, or <see langword="null"/>.</summary>
    public string? Word(int index) => index < Words.Count ? Words[index] : null;
}

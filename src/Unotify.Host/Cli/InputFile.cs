namespace Unotify.Host.Cli;

/// <summary>Reads a file named on the command line; when it cannot, says which file and why on standard error.</summary>
internal static class InputFile
{
    /// <summary>The file's bytes, or <see langword="null"/> after writing <c>unotify COMMAND: cannot read …</c>.</summary>
    public static async Task<byte[]?> ReadAllBytesAsync(CommandConsole console, string command, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file; check the path",
                UnauthorizedAccessException when Directory.Exists(path) => "it is a directory; name a file",
                _ => exception.Message,
            };
            await console.Error.WriteLineAsync($"unotify {command}: cannot read {path} ({Path.GetFullPath(path)}): {reason}");
            return null;
        }
    }
}

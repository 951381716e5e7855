using Unotify.Hcl;

namespace Unotify.Host.Cli;

/// <summary><c>unotify hcl FILE</c>: parses any HCL file and prints it as canonical JSON, or its first error as <c>FILE:LINE:COLUMN: message</c>.</summary>
internal sealed class HclCommand : ICommand
{
    public string Name => "hcl";

    public IReadOnlyList<string> Usage =>
    [
        $"{"hcl FILE",-45} parse an HCL file; print it as canonical JSON",
    ];

    public async Task<int> RunAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Words is not [var path] || invocation.Options.Length > 0)
        {
            return await CommandUsage.WriteAsync(invocation, this);
        }

        // Bytes, not text: the parser then reports a bad UTF-8 sequence at its position instead of reading U+FFFD.
        var bytes = await InputFile.ReadAllBytesAsync(invocation, Name, path, cancellationToken);
        if (bytes is null)
        {
            return ExitCodes.Failure;
        }

        var parsed = HclParser.TryParse(bytes, path);
        if (!parsed.IsSuccess)
        {
            await invocation.Error.WriteLineAsync(parsed.Error.ToString());
            return ExitCodes.Failure;
        }

        await invocation.Output.WriteLineAsync(HclJson.Serialize(parsed.Document));
        return ExitCodes.Success;
    }
}

using System.CommandLine;
using Unotify.Hcl;

namespace Unotify.Host.Cli;

/// <summary><c>unotify hcl FILE</c>: parses any HCL file and prints it as canonical JSON, or its first error as <c>FILE:LINE:COLUMN: message</c>.</summary>
internal static class HclCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "the HCL file" };
        var command = new Command("hcl", "Parse an HCL file; print it as canonical JSON.") { file };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var console = CommandConsole.Of(parsed);
            var path = parsed.GetValue(file)!;

            // Bytes, not text: the parser then reports a bad UTF-8 sequence at its position instead of reading U+FFFD.
            var bytes = await InputFile.ReadAllBytesAsync(console, "hcl", path, cancellationToken);
            if (bytes is null)
            {
                return ExitCodes.Failure;
            }

            var result = HclParser.TryParse(bytes, path);
            if (!result.IsSuccess)
            {
                await console.Error.WriteLineAsync(result.Error.ToString());
                return ExitCodes.Failure;
            }

            await console.Output.WriteLineAsync(HclJson.Serialize(result.Document));
            return ExitCodes.Success;
        });
        return command;
    }
}

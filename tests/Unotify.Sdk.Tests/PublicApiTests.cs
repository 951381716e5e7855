using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace Unotify.Sdk.Tests;

/// <summary>
/// Turns every change to the SDK's public surface into a visible diff: a plugin is built against one SDK version and
/// loaded by hosts of later ones, so a change here has to be meant. To accept an intended change, run the tests with
/// UNOTIFY_ACCEPT_API=1 and commit the updated Unotify.Sdk.approved.txt with it.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_api_matches_the_approved_listing()
    {
        var actual = typeof(IEventProcessor).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
        }).ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(SourceDirectory(), "Unotify.Sdk.approved.txt");

        if (Environment.GetEnvironmentVariable("UNOTIFY_ACCEPT_API") == "1")
        {
            File.WriteAllText(approvedPath, actual);
        }

        File.Exists(approvedPath).Should().BeTrue($"the listing {approvedPath} must exist; create it with UNOTIFY_ACCEPT_API=1");
        actual.Should().Be(
            File.ReadAllText(approvedPath).ReplaceLineEndings("\n"),
            "the SDK's public API changed; if that is intended, run the tests with UNOTIFY_ACCEPT_API=1 and commit Unotify.Sdk.approved.txt");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

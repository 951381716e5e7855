namespace Unotify.EndToEnd.Tests.Support;

/// <summary>Runs the `dotnet` CLI (publish, restore) as a person would from a shell, without this test run's MSBuild variables.</summary>
public static class Dotnet
{
    /// <summary>The test process's own MSBuild variables, which would leak into a child build.</summary>
    private static readonly string[] MSBuildVariables = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH"];

    /// <summary>Runs `dotnet <paramref name="arguments"/>` in <paramref name="directory"/> (or the current one) for up to 5 minutes.</summary>
    /// <returns>The exit code and everything it printed.</returns>
    /// <exception cref="TimeoutException">It did not finish within 5 minutes (it is killed).</exception>
    public static Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, string? directory = null) =>
        ExternalCommand.RunAsync("dotnet", arguments, directory, TimeSpan.FromMinutes(5), MSBuildVariables);
}

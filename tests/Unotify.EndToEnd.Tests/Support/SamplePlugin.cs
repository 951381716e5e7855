namespace Unotify.EndToEnd.Tests.Support;

/// <summary>
/// The Slack notifier sample (samples/Unotify.Samples.SlackNotifier) as its own build left it: built against the
/// Unotify.Sdk package, outside the solution. ./test.sh packs the SDK and builds the sample before these tests run.
/// </summary>
public static class SamplePlugin
{
    private const string Name = "Unotify.Samples.SlackNotifier";

    /// <summary>The sample's build output folder, in the same configuration as this test project.</summary>
    public static string OutputDirectory
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var directory = Path.Combine(RepositoryLayout.Root, "samples", Name, "bin", framework.Parent!.Name, framework.Name);
            return File.Exists(Path.Combine(directory, Name + ".dll"))
                ? directory
                : throw new InvalidOperationException(
                    $"The sample plugin is not built at {directory}; run ./test.sh, which packs the SDK and builds the samples against it.");
        }
    }

    /// <summary>The built-in GitHub provider beside the host binary, to list next to the sample under plugins:.</summary>
    public static string GitHubProvider =>
        Path.Combine(Path.GetDirectoryName(RepositoryLayout.HostAssembly)!, "plugins", "Unotify.Plugins.GitHub", "Unotify.Plugins.GitHub.dll");

    /// <summary>Drops the sample's whole output folder into <paramref name="directory"/>, as an operator installs a plugin.</summary>
    /// <param name="directory">The target folder (created).</param>
    /// <returns>The path of the plugin's DLL in its new place.</returns>
    public static string CopyTo(string directory)
    {
        var source = OutputDirectory;
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return Path.Combine(directory, Name + ".dll");
    }
}

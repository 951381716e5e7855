namespace Unotify.Benchmarks.EndToEnd;

/// <summary>Finds the repository's files from the benchmark's output folder: the Release host and the shipped state machines.</summary>
internal static class BenchRepository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The host built by <c>dotnet build src/Unotify.Host -c Release</c>, with its plugins/ folder.</summary>
    public static string HostAssembly => Path.Combine(Root, "src", "Unotify.Host", "bin", "Release", "net10.0", "unotify.dll");

    public static string JiraStateFile => Path.Combine(Root, "config", "statemachines", "jira.hcl");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Unotify.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Unotify.sln above {AppContext.BaseDirectory}; run the benchmark from the repository's build output.");
    }
}

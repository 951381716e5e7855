namespace Unotify.EndToEnd.Tests.Support;

/// <summary>Finds the repository's files from the test's output folder, so the tests use the shipped config and host.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder holding Unotify.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The seed's workers.yaml as shipped in config/.</summary>
    public static string WorkersFile => Path.Combine(Root, "config", "workers.yaml");

    /// <summary>The seed's state machines as shipped in config/statemachines/.</summary>
    public static string StateMachinesDirectory => Path.Combine(Root, "config", "statemachines");

    /// <summary>
    /// The host's own build output (src/Unotify.Host/bin/{Configuration}/{framework}/unotify.dll, with its plugins/
    /// folder), built in the same configuration as this test project.
    /// </summary>
    public static string HostAssembly
    {
        get
        {
            // AppContext.BaseDirectory is …/tests/Unotify.EndToEnd.Tests/bin/{Configuration}/{framework}/
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!;
            return Path.Combine(Root, "src", "Unotify.Host", "bin", configuration.Name, framework.Name, "unotify.dll");
        }
    }

    /// <summary>The configuration (Debug or Release) this test project, and so the host beside it, was built in.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Unotify.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Unotify.sln above {AppContext.BaseDirectory}.");
    }
}

namespace Unotify.StateMachines.Tests;

/// <summary>The repository's own <c>config/statemachines/jira.hcl</c>, found by walking up to the folder of Unotify.sln.</summary>
internal static class ShippedConfig
{
    public static string Path { get; } = System.IO.Path.Combine(RepositoryRoot(), "config", "statemachines", "jira.hcl");

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Unotify.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Unotify.sln above {AppContext.BaseDirectory}; run the tests from the repository");
    }
}

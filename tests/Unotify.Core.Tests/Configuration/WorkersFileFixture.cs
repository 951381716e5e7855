using Unotify.Core.Configuration;

namespace Unotify.Core.Tests.Configuration;

/// <summary>A temporary folder with a workers.yaml, its statemachines/ folder and fake plugin files, read with a fixed environment.</summary>
internal sealed class WorkersFileFixture : IDisposable
{
    public WorkersFileFixture()
    {
        Directory.CreateDirectory(System.IO.Path.Combine(Root, "statemachines"));
        File.WriteAllText(System.IO.Path.Combine(Root, "statemachines", "jira.hcl"), "# machines\n");
    }

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"unotify-workers-{Guid.NewGuid():N}");

    public string Path => System.IO.Path.Combine(Root, "workers.yaml");

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string DefaultPluginsDirectory => System.IO.Path.Combine(Root, "host", "plugins");

    public WorkersFileFixture WithFile(string relativePath)
    {
        var full = System.IO.Path.Combine(Root, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "not really an assembly");
        return this;
    }

    public WorkersFileResult Read(string yaml)
    {
        File.WriteAllText(Path, yaml);
        return WorkersFileReader.Read(Path, new WorkersFileReaderOptions
        {
            DefaultPluginsDirectory = DefaultPluginsDirectory,
            Environment = name => Environment.TryGetValue(name, out var value) ? value : null,
        });
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

using System.Text;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Cli;

/// <summary>Input files for a command-line test: written into a temporary folder, deleted with it.</summary>
internal sealed class CliFiles : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>The repository's <c>config/statemachines/jira.hcl</c>, copied beside the tests at build time.</summary>
    public static string ShippedJiraHcl { get; } = Path.Combine(AppContext.BaseDirectory, "shipped", "statemachines", "jira.hcl");

    /// <summary>A path in the folder where no file is.</summary>
    public string Missing(string name) => Path.Combine(_directory.Path, name);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a BOM; returns the file's path.</summary>
    public string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> as they are; returns the file's path.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => _directory.Dispose();
}

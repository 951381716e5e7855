using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Host.Hosting;
using YamlDotNet.RepresentationModel;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>The deployment recipes under deploy/, read as their tools read them, and what the host says they must agree with.</summary>
public static class RecipeFiles
{
    public static string Folder(params string[] parts) => Path.Combine([RepositoryLayout.Root, "deploy", .. parts]);

    /// <summary>
    /// Every document of a YAML file as JSON nodes (scalars as strings), aliases followed and merge keys (<c>&lt;&lt;: *x</c>)
    /// merged as Compose merges them. Fails on YAML that does not parse.
    /// </summary>
    public static IReadOnlyList<JsonObject> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(document => ToJson(document.RootNode) as JsonObject ?? throw new InvalidOperationException($"{path}: a document is not a mapping."))];
    }

    /// <summary>The environment variables the host, the ASP.NET Core runtime under it or a built-in plugin reads.</summary>
    public static bool IsReadByUnotify(string variable) =>
        HostSettingsReader.Names.Any(name => name.Variable == variable)
        || FrameworkVariables.Contains(variable)
        || PluginVariables.Value.Contains(variable);

    /// <summary>
    /// How long a process may take to stop after SIGTERM with the default UNOTIFY_SHUTDOWN_TIMEOUT: requests and running
    /// jobs get that long (the host's stop timeout and every consumer's wait, all workers at once), then up to 5 s for
    /// the jobs still running to be released (WorkerConsumer's AbandonTimeout). The recipes' grace periods must be at
    /// least this (plus a preStop pause).
    /// </summary>
    public static TimeSpan StopBudget => new HostSettings().ShutdownTimeout + TimeSpan.FromSeconds(5);

    /// <summary>ASPNETCORE_URLS is the host's --urls (HostSettingsReader reads the "urls" key ASP.NET Core maps it to).</summary>
    private static readonly HashSet<string> FrameworkVariables = new(StringComparer.Ordinal) { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS" };

    /// <summary>The names the built-in plugins read, as string literals in their code (ATLASSIAN_DOMAIN_URL …).</summary>
    private static readonly Lazy<HashSet<string>> PluginVariables = new(() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "plugins"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), "\"([A-Z][A-Z0-9_]+)\"").Select(match => match.Groups[1].Value)),
    ]);

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return scalar.Value is null ? null : JsonValue.Create(scalar.Value);
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(ToJson)]);
            case YamlMappingNode mapping:
                var json = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    if (name == "<<")
                    {
                        continue;
                    }

                    json[name] = ToJson(value);
                }

                foreach (var (key, value) in mapping.Children.Where(child => ((YamlScalarNode)child.Key).Value == "<<"))
                {
                    foreach (var (name, merged) in (JsonObject)ToJson(value)!)
                    {
                        if (!json.ContainsKey(name))
                        {
                            json[name] = merged?.DeepClone();
                        }
                    }
                }

                return json;
            default:
                throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}.");
        }
    }
}

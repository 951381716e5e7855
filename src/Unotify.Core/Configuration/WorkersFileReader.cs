using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Unotify.Core.Configuration;

/// <summary>
/// Reads and validates <c>workers.yaml</c>. Every problem is reported with the file, the key path, the line and
/// column, and the fix; nothing falls back to a silent default.
/// </summary>
public static class WorkersFileReader
{
    private static readonly string[] TopLevelKeys = ["plugins", "providers", "workers"];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file, absolute or relative to the current directory.</param>
    /// <param name="options">The plugin directory to scan by default and the environment.</param>
    /// <returns>The file, or all of its errors.</returns>
    public static WorkersFileResult Read(string path, WorkersFileReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            return Failed(new ConfigurationError(
                path, string.Empty, 0, 0,
                $"the workers file does not exist (looked for {Path.GetFullPath(path)}).",
                "create it, or point UNOTIFY_WORKERS (or --workers) at the right file."));
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException exception)
        {
            return Failed(new ConfigurationError(path, string.Empty, 0, 0, $"the workers file cannot be read: {exception.Message}", "check the file's permissions."));
        }
        catch (UnauthorizedAccessException exception)
        {
            return Failed(new ConfigurationError(path, string.Empty, 0, 0, $"the workers file cannot be read: {exception.Message}", "check the file's permissions."));
        }

        return ReadText(path, text, options);
    }

    /// <summary>Reads <paramref name="text"/> as if it were the file at <paramref name="path"/> (relative paths resolve beside it).</summary>
    /// <param name="path">The path the text came from.</param>
    /// <param name="text">The YAML.</param>
    /// <param name="options">The plugin directory to scan by default and the environment.</param>
    /// <returns>The file, or all of its errors.</returns>
    public static WorkersFileResult ReadText(string path, string text, WorkersFileReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var context = new YamlReadContext(path);
        var stream = new YamlStream();
        try
        {
            if (TooDeep(path, text) is { } tooDeep)
            {
                return Failed(tooDeep);
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            var reason = (exception.InnerException?.Message ?? exception.Message).Trim();
            return Failed(new ConfigurationError(
                path, string.Empty, checked((int)exception.Start.Line), checked((int)exception.Start.Column),
                $"this is not valid YAML: {reason}", "correct the YAML at this point (indentation, quotes, a repeated key)."));
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return Failed(new ConfigurationError(path, string.Empty, 0, 0, "the workers file is empty.", "add a workers: section, for example 'workers: { atlassian: { statefile: jira.hcl, projects: [soc] } }'."));
        }

        var root = context.Mapping(stream.Documents[0].RootNode, string.Empty, "start the file with 'workers:' (and optionally 'plugins:' and 'providers:').");
        if (root is null)
        {
            return new WorkersFileResult(null, context.Errors);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        IReadOnlyList<PluginReference>? plugins = null;
        IReadOnlyList<ProviderDefinition> providers = [];
        var workers = new List<WorkerDefinition>();
        var sawWorkers = false;
        foreach (var (key, keyPath, value) in context.Entries(root, string.Empty, TopLevelKeys))
        {
            if (key == "plugins")
            {
                plugins = ReadPluginList(context, value, keyPath, directory);
            }
            else if (key == "providers")
            {
                providers = ProviderSectionReader.Read(context, value, keyPath, options.Environment);
            }
            else
            {
                sawWorkers = true;
                ReadWorkers(context, value, keyPath, directory, options, workers);
            }
        }

        if (!sawWorkers)
        {
            context.Error(string.Empty, root, "the file has no 'workers:' section.", "add 'workers:' with at least one worker, for example 'atlassian: { statefile: jira.hcl, projects: [soc] }'.");
        }

        if (context.Errors.Count == 0)
        {
            CheckFollowing(context, workers); // a worker whose section failed is missing: it would look unknown
        }

        plugins ??= ScanDefaultPlugins(path, options.DefaultPluginsDirectory);
        return context.Errors.Count > 0
            ? new WorkersFileResult(null, context.Errors)
            : new WorkersFileResult(new WorkersFile(Path.GetFullPath(path), plugins, workers) { Providers = providers }, []);
    }

    /// <summary>
    /// Checks nesting and aliases with YamlDotNet's event parser, which does not recurse, before the document is loaded:
    /// loading recurses once per level, and a file of a hundred thousand '[' would overflow the stack.
    /// </summary>
    private static ConfigurationError? TooDeep(string path, string text)
    {
        const int maxDepth = 64;
        const int maxAliases = 1000;
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var aliases = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart when ++depth > maxDepth:
                    return new ConfigurationError(
                        path, string.Empty, checked((int)parser.Current.Start.Line), checked((int)parser.Current.Start.Column),
                        $"the YAML nests more than {maxDepth} levels deep here.", "close the lists and mappings opened before this point; workers.yaml needs a handful of levels.");
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
                case YamlDotNet.Core.Events.AnchorAlias when ++aliases > maxAliases:
                    return new ConfigurationError(
                        path, string.Empty, checked((int)parser.Current.Start.Line), checked((int)parser.Current.Start.Column),
                        $"the YAML uses more than {maxAliases} aliases.", "write the values out, or use fewer anchors.");
            }
        }

        return null;
    }

    /// <summary>Reads a <c>plugins:</c> list: paths relative to <paramref name="directory"/>, each of which must exist.</summary>
    internal static IReadOnlyList<PluginReference> ReadPluginList(YamlReadContext context, YamlNode node, string path, string directory)
    {
        const string fix = "list plugin assemblies as paths relative to workers.yaml, for example 'plugins: [plugins/MyPlugin/MyPlugin.dll]'.";
        if (node is not YamlSequenceNode)
        {
            context.Error(path, node, "expected a list of plugin assembly paths.", fix);
            return [];
        }

        var references = new List<PluginReference>();
        foreach (var (value, itemNode) in context.ScalarOrList(node, path, fix))
        {
            var full = Path.GetFullPath(Path.Combine(directory, value));
            var location = context.At(path, itemNode);
            if (!File.Exists(full))
            {
                context.Add(location.Error($"the plugin assembly '{value}' does not exist (looked for {full}).", "build the plugin and correct the path; relative paths start at the folder of workers.yaml."));
                continue;
            }

            references.Add(new PluginReference(full, location));
        }

        return references;
    }

    /// <summary>Each <c>after:</c> names another worker of the file, and following never comes back round to where it started.</summary>
    private static void CheckFollowing(YamlReadContext context, List<WorkerDefinition> workers)
    {
        var byName = workers.ToDictionary(worker => worker.Name, StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            if (worker.After is not { } followed || worker.AfterLocation is not { } at)
            {
                continue;
            }

            if (string.Equals(followed, worker.Name, StringComparison.Ordinal))
            {
                context.Add(at.Error($"worker '{worker.Name}' follows itself (after: {followed}).", "name another worker whose outcome this one should wait for, or remove 'after:'."));
                continue;
            }

            if (!byName.ContainsKey(followed))
            {
                context.Add(at.Error(
                    $"worker '{worker.Name}' follows '{followed}', which is not a worker of this file{Suggestion.DidYouMean(followed, byName.Keys)}.",
                    $"name one of the workers: {string.Join(", ", byName.Keys.Where(name => name != worker.Name))}; or remove 'after:'."));
                continue;
            }

            var chain = new List<string> { worker.Name };
            for (var next = followed; next is not null && byName.TryGetValue(next, out var step); next = step.After)
            {
                if (string.Equals(next, worker.Name, StringComparison.Ordinal))
                {
                    context.Add(at.Error(
                        $"worker '{worker.Name}' follows a cycle: {string.Join(" → ", chain.Append(worker.Name))}; no worker of it would ever be queued.",
                        "remove 'after:' from one worker of the cycle."));
                    break;
                }

                if (chain.Contains(next, StringComparer.Ordinal))
                {
                    break; // a cycle further on, reported at its own workers
                }

                chain.Add(next);
            }
        }
    }

    private static void ReadWorkers(YamlReadContext context, YamlNode node, string path, string directory, WorkersFileReaderOptions options, List<WorkerDefinition> workers)
    {
        if (node is YamlScalarNode { Value: null or "" })
        {
            return;
        }

        var mapping = context.Mapping(node, path, "write each worker as a key under workers:, for example 'atlassian: { statefile: jira.hcl }'.");
        if (mapping is null)
        {
            return;
        }

        foreach (var (name, workerPath, value) in context.Entries(mapping, path, knownKeys: null))
        {
            if (WorkerSectionReader.Read(context, name, workerPath, value, directory, options) is { } worker)
            {
                workers.Add(worker);
            }
        }
    }

    private static List<PluginReference> ScanDefaultPlugins(string file, string pluginsDirectory)
    {
        var references = new List<PluginReference>();
        if (!Directory.Exists(pluginsDirectory))
        {
            return references;
        }

        foreach (var folder in Directory.GetDirectories(pluginsDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var assembly = Path.Combine(folder, name + ".dll");
            if (File.Exists(assembly))
            {
                references.Add(new PluginReference(assembly, new SourceLocation(file, "plugins (default: " + pluginsDirectory + ")", 0, 0)));
            }
        }

        return references;
    }

    private static WorkersFileResult Failed(ConfigurationError error) => new(null, [error]);
}

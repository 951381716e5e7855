using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using Unotify.Core.Configuration;
using Unotify.Sdk;

namespace Unotify.Core.Plugins;

/// <summary>
/// Loads plugin assemblies, each into its own load context that shares the SDK and logging abstractions with the host
/// (so the interfaces match) while the plugin keeps its other dependencies, in its own versions, to itself.
/// </summary>
public static partial class PluginAssemblyLoader
{
    /// <summary>The types whose assemblies the host shares with every plugin.</summary>
    public static IReadOnlyList<Type> SharedTypes { get; } =
    [
        typeof(IWebhookProvider),
        typeof(ILogger),
        typeof(ILoggerFactory),
    ];

    /// <summary>Loads every plugin in <paramref name="references"/> and finds its providers and processors.</summary>
    /// <param name="references">The plugin assemblies, with the configuration entries that named them.</param>
    /// <returns>The loaded plugins, and an error for each plugin that is missing, fails to load or has nothing to offer.</returns>
    public static PluginLoadResult Load(IEnumerable<PluginReference> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var plugins = new List<PluginAssembly>();
        var errors = new List<ConfigurationError>();
        foreach (var reference in references)
        {
            if (LoadOne(reference, out var error) is { } plugin)
            {
                plugins.Add(plugin);
            }
            else
            {
                errors.Add(error!);
            }
        }

        return new PluginLoadResult(plugins, errors);
    }

    private static PluginAssembly? LoadOne(PluginReference reference, out ConfigurationError? error)
    {
        error = null;
        if (!File.Exists(reference.Path))
        {
            error = reference.Location.Error($"the plugin assembly {reference.Path} does not exist.", "build the plugin and correct the path in workers.yaml.");
            return null;
        }

        PluginLoader loader;
        Assembly assembly;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(reference.Path, SharedTypes.ToArray(), config => config.IsUnloadable = false);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException or FileNotFoundException or InvalidOperationException or ArgumentException)
        {
            error = reference.Location.Error(
                $"the plugin {reference.Path} could not be loaded: {exception.Message}",
                "build it as a .NET 10 class library with EnableDynamicLoading, and keep its .deps.json and dependencies beside it.");
            return null;
        }

        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            loader.Dispose();
            var causes = exception.LoaderExceptions.Where(cause => cause is not null).Select(cause => cause!.Message).Distinct().Take(3);
            error = reference.Location.Error(
                $"the plugin {reference.Path} has types that cannot be loaded: {string.Join("; ", causes)}",
                "rebuild the plugin against this host's Unotify.Sdk, and ship its own dependencies beside it.");
            return null;
        }

        var providers = Implementations(types, typeof(IWebhookProvider));
        var processorClasses = Implementations(types, typeof(IEventProcessor));
        var processors = new List<ProcessorType>(processorClasses.Count);
        foreach (var type in processorClasses)
        {
            var declaration = type.GetCustomAttribute<EventProcessorAttribute>();
            if (declaration is null || !ProcessorName().IsMatch(declaration.Name))
            {
                loader.Dispose();
                error = reference.Location.Error(
                    declaration is null
                        ? $"the processor class {type.FullName} in {reference.Path} has no [EventProcessor] attribute, so it has no name workers.yaml could use."
                        : $"the processor class {type.FullName} in {reference.Path} declares the name '{declaration.Name}', which is not lower-case letters, digits, '.', '_' or '-'.",
                    "declare it as [EventProcessor(\"name\", Settings = [\"key\", …])] (Unotify.Sdk 0.2) and rebuild the plugin.");
                return null;
            }

            processors.Add(new ProcessorType(type, declaration.Name, declaration.Settings));
        }

        if (providers.Count == 0 && processors.Count == 0)
        {
            loader.Dispose();
            error = reference.Location.Error(
                $"the plugin {reference.Path} has no public class implementing IWebhookProvider or IEventProcessor.",
                "add a public, non-abstract provider or processor class to the plugin, or remove it from plugins:.");
            return null;
        }

        return new PluginAssembly(reference, loader, assembly, providers, processors);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9_.-]*$")]
    private static partial System.Text.RegularExpressions.Regex ProcessorName();

    private static List<Type> Implementations(Type[] types, Type contract) =>
        types.Where(type => type is { IsClass: true, IsAbstract: false, IsPublic: true, IsGenericTypeDefinition: false } && contract.IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToList();
}

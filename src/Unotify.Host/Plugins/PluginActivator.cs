using Autofac;
using Autofac.Core;
using Unotify.Core.Configuration;
using Unotify.Core.Plugins;
using Unotify.Sdk;

namespace Unotify.Host.Plugins;

/// <summary>
/// Creates providers and processors from loaded plugins. Each plugin gets its own Autofac lifetime scope supplying
/// <c>ILogger&lt;T&gt;</c>, an <see cref="HttpClient"/> from the client factory and <see cref="TimeProvider"/>; each
/// worker gets a child scope that adds its <see cref="ProcessorSettings"/> and <see cref="IStateMachines"/>, so
/// processors are created per worker, and each
/// <c>providers:</c> entry one that adds its <see cref="ProviderSettings"/>, so a configurable provider is created per entry.
/// </summary>
internal sealed partial class PluginActivator(ILifetimeScope root) : IAsyncDisposable
{
    private readonly List<ILifetimeScope> _scopes = [];

    /// <summary>Creates every plain provider of <paramref name="plugin"/>; configurable ones are made per <c>providers:</c> entry.</summary>
    public IReadOnlyList<IWebhookProvider> CreateProviders(PluginAssembly plugin, List<ConfigurationError> errors)
    {
        var plain = plugin.ProviderTypes.Where(type => ConfigurableProviderTypes.TypeName(type) is null).ToList();
        var scope = BeginScope(plugin, builder =>
        {
            foreach (var type in plain)
            {
                builder.RegisterType(type).AsSelf().SingleInstance();
            }
        });
        var providers = new List<IWebhookProvider>();
        foreach (var type in plain)
        {
            if (Create(scope, type, plugin.Reference.Location, $"the provider {type.FullName} in {plugin.Reference.Path}", errors) is IWebhookProvider provider)
            {
                providers.Add(provider);
            }
        }

        return providers;
    }

    /// <summary>
    /// Creates the named instance <paramref name="definition"/> of the configurable provider <paramref name="type"/> in a
    /// scope of its own that adds the instance's <see cref="ProviderSettings"/>.
    /// </summary>
    public IWebhookProvider? CreateConfiguredProvider(PluginAssembly plugin, Type type, ProviderDefinition definition, List<ConfigurationError> errors)
    {
        var scope = BeginScope(plugin, builder =>
        {
            builder.RegisterInstance(definition.Settings);
            builder.RegisterType(type).AsSelf().SingleInstance();
        });
        var what = $"provider '{definition.Name}': the {definition.Type} provider {type.FullName} in {plugin.Reference.Path}";
        return Create(scope, type, definition.SettingsLocation, what, errors, "fix the provider's settings: in workers.yaml as the message says.") as IWebhookProvider;
    }

    /// <summary>
    /// Creates <paramref name="worker"/>'s processor: the one processor class among <paramref name="candidates"/> whose
    /// declared name is the worker's <c>processor:</c>, once every key of the worker's <c>settings:</c> is one the class
    /// declares. Nothing else is constructed, so an unknown name or a misspelt key is reported as what it is.
    /// </summary>
    public IEventProcessor? CreateProcessor(WorkerDefinition worker, IReadOnlyList<PluginAssembly> candidates, IStateMachines stateMachines, IRequestLimiter limiter, List<ConfigurationError> errors)
    {
        var offered = candidates.SelectMany(plugin => plugin.ProcessorTypes.Select(type => (Plugin: plugin, Type: type))).ToList();
        var named = offered.Where(candidate => string.Equals(candidate.Type.Name, worker.Processor, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 0)
        {
            var names = offered.Select(candidate => candidate.Type.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            errors.Add(worker.ProcessorLocation.Error(
                $"worker '{worker.Name}' needs the processor '{worker.Processor}', which no loaded plugin provides (available: {(names.Count == 0 ? "none" : string.Join(", ", names))}).",
                $"set processor: to one of the available names{Suggestion.DidYouMean(worker.Processor, names)}, or add the plugin that provides it under plugins:."));
            return null;
        }

        if (named.Count > 1)
        {
            errors.Add(worker.ProcessorLocation.Error(
                $"more than one loaded processor class is named '{worker.Processor}': {string.Join(", ", named.Select(candidate => $"{candidate.Type.Type.FullName} in {candidate.Plugin.Reference.Path}"))}.",
                "load only one plugin that provides it (list the one you want under the worker's plugins:)."));
            return null;
        }

        var (plugin, processorType) = named[0];
        var unread = worker.Settings.Values.Keys.Where(key => !processorType.Reads(key)).Order(StringComparer.Ordinal).ToList();
        foreach (var key in unread)
        {
            var location = worker.SettingLocations.TryGetValue(key, out var at) ? at : worker.ProcessorLocation;
            var known = processorType.Settings.Count == 0 ? "none" : string.Join(", ", processorType.Settings);
            errors.Add(location.Error(
                $"'{key}' is not a setting of the {processorType.Name} processor (its settings: {known}).",
                processorType.Closest(key) is { } closest ? $"did you mean '{closest}'? Correct the key." : "remove it, or correct the key."));
        }

        if (unread.Count > 0)
        {
            return null;
        }

        var scope = BeginScope(plugin, builder =>
        {
            builder.RegisterInstance(worker.Settings);
            builder.RegisterInstance(stateMachines).As<IStateMachines>();
            builder.RegisterInstance(limiter).As<IRequestLimiter>();
            builder.RegisterType(processorType.Type).AsSelf().SingleInstance();
        });
        var what = $"worker '{worker.Name}': the {processorType.Name} processor ({processorType.Type.FullName} in {plugin.Reference.Path})";
        return Create(scope, processorType.Type, worker.ProcessorLocation, what, errors, settingLocations: worker.SettingLocations) as IEventProcessor;
    }

    private ILifetimeScope BeginScope(PluginAssembly plugin, Action<ContainerBuilder> register)
    {
        var scope = root.BeginLifetimeScope(builder =>
        {
            builder.Register(context => context.Resolve<IHttpClientFactory>().CreateClient(plugin.Name)).As<HttpClient>().InstancePerDependency();
            register(builder);
        });
        _scopes.Add(scope);
        return scope;
    }

    private static object? Create(
        ILifetimeScope scope, Type type, SourceLocation location, string what, List<ConfigurationError> errors, string settingsFix = "fix the worker's settings: in workers.yaml as the message says.",
        IReadOnlyDictionary<string, SourceLocation>? settingLocations = null)
    {
        try
        {
            return scope.Resolve(type);
        }
        catch (DependencyResolutionException exception)
        {
            var cause = Innermost(exception);
            var fix = cause is ProcessorSettingsException
                ? settingsFix
                : "give the constructor only ILogger<T>, HttpClient, TimeProvider, ProcessorSettings, IStateMachines and IRequestLimiter parameters (ProviderSettings instead of the last two for a configurable provider), and make it succeed with this configuration.";
            // A processor names the setting it refuses ("setting 'template' …"): point at that line rather than the worker's.
            var at = cause is ProcessorSettingsException && settingLocations is not null
                && SettingNamed().Match(cause.Message) is { Success: true } named && settingLocations.TryGetValue(named.Groups[1].Value, out var setting)
                ? setting
                : location;
            errors.Add(at.Error($"{what} could not be created: {cause.Message}", fix));
            return null;
        }
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        _scopes.Clear();
    }

    [System.Text.RegularExpressions.GeneratedRegex("setting '([^']+)'", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SettingNamed();
}

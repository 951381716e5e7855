using Autofac;
using Unotify.Core.Configuration;
using Unotify.Core.Limits;
using Unotify.Core.Plugins;
using Unotify.Sdk;

namespace Unotify.Host.Plugins;

/// <summary>
/// The providers (by name) and the processors (by worker) this process runs, created at start-up from the plugins
/// that workers.yaml names. Start-up stops with every error found when a plugin or worker cannot be set up.
/// </summary>
public sealed class PluginRuntime : IAsyncDisposable
{
    private readonly PluginActivator _activator;
    private readonly PluginAssemblyCache? _ownedAssemblies;

    private PluginRuntime(PluginActivator activator, PluginAssemblyCache? ownedAssemblies, IReadOnlyDictionary<string, IWebhookProvider> providers, IReadOnlyDictionary<string, IEventProcessor> processors, WorkersFile workers)
    {
        _activator = activator;
        _ownedAssemblies = ownedAssemblies;
        Providers = providers;
        Processors = processors;
        Workers = workers;
    }

    /// <summary>The providers by name (<c>github</c>), compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, IWebhookProvider> Providers { get; }

    /// <summary>
    /// The providers that find texts beyond their events' payloads (<see cref="IEventTextFinder"/>), by name, compared
    /// case-insensitively: what a worker offers its processor for the events of each.
    /// </summary>
    public IReadOnlyDictionary<string, IEventTextFinder> TextFinders =>
        Providers.Where(pair => pair.Value is IEventTextFinder).ToDictionary(pair => pair.Key, pair => (IEventTextFinder)pair.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Each worker's processor, by worker name.</summary>
    public IReadOnlyDictionary<string, IEventProcessor> Processors { get; }

    /// <summary>The workers file the runtime was built from.</summary>
    public WorkersFile Workers { get; }

    /// <summary>Loads the plugins of <paramref name="workers"/> and creates every provider and, when asked, every worker's processor.</summary>
    /// <param name="workers">The validated workers file.</param>
    /// <param name="root">The container supplying logging, the HTTP client factory and the clock.</param>
    /// <param name="stateMachines">
    /// Each worker's state machines, which its processor may take in its constructor; <see langword="null"/> to create no
    /// processors (a process that only serves HTTP).
    /// </param>
    /// <param name="errors">Errors found earlier in start-up, reported together with the plugins' own.</param>
    /// <param name="limiters">Each worker's request limiter, which its processor may take in its constructor; none means <see cref="IRequestLimiter.Unlimited"/>.</param>
    /// <param name="assemblies">
    /// The process's loaded plugins, shared with the runtimes of later reloads (which then reuse them); <see langword="null"/>
    /// to load them for this runtime alone, which then owns them.
    /// </param>
    /// <returns>The runtime.</returns>
    /// <exception cref="ConfigurationException">A plugin or worker cannot be set up (or <paramref name="errors"/> was not empty); every error is listed.</exception>
    public static async Task<PluginRuntime> CreateAsync(
        WorkersFile workers, ILifetimeScope root, IReadOnlyDictionary<string, IStateMachines>? stateMachines, IReadOnlyList<ConfigurationError> errors,
        IReadOnlyDictionary<string, IRequestLimiter>? limiters = null, PluginAssemblyCache? assemblies = null)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(errors);
        var owned = assemblies is null ? new PluginAssemblyCache() : null;
        var loaded = (assemblies ?? owned!).Load(workers.AllPlugins);
        var allErrors = new List<ConfigurationError>(errors);
        allErrors.AddRange(loaded.Errors);
        var activator = new PluginActivator(root);
        var providers = CreateProviders(loaded, activator, allErrors);
        if (loaded.Errors.Count == 0)
        {
            CreateConfiguredProviders(workers.Providers, loaded, activator, providers, allErrors);
        }

        var processors = new Dictionary<string, IEventProcessor>(StringComparer.Ordinal);
        foreach (var worker in workers.Workers)
        {
            // A worker whose state file failed has no machines; its error is reported already.
            if (stateMachines is not null && stateMachines.TryGetValue(worker.Name, out var machines))
            {
                var own = loaded.Plugins.Where(plugin => worker.Plugins.Any(reference => reference.Path == plugin.Reference.Path)).ToList();
                var global = loaded.Plugins.Where(plugin => workers.Plugins.Any(reference => reference.Path == plugin.Reference.Path)).ToList();
                var limiter = limiters is not null && limiters.TryGetValue(worker.Name, out var given) ? given : IRequestLimiter.Unlimited;
                if (activator.CreateProcessor(worker, own.Count > 0 ? own : global, machines, limiter, allErrors) is { } processor)
                {
                    processors[worker.Name] = processor;
                }
            }

            if (loaded.Errors.Count == 0)
            {
                CheckFilterProviders(worker, providers, allErrors);
            }
        }

        if (allErrors.Count > 0)
        {
            await activator.DisposeAsync();
            owned?.Dispose();
            throw new ConfigurationException(allErrors);
        }

        return new PluginRuntime(activator, owned, providers, processors, workers);
    }

    private static Dictionary<string, IWebhookProvider> CreateProviders(PluginLoadResult loaded, PluginActivator activator, List<ConfigurationError> errors)
    {
        var providers = new Dictionary<string, IWebhookProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in loaded.Plugins)
        {
            foreach (var provider in activator.CreateProviders(plugin, errors))
            {
                if (!providers.TryAdd(provider.Name, provider))
                {
                    errors.Add(plugin.Reference.Location.Error(
                        $"two plugins provide the provider '{provider.Name}' (the second is {plugin.Reference.Path}).",
                        "load only one plugin per provider name."));
                }
            }
        }

        return providers;
    }

    private static void CreateConfiguredProviders(IReadOnlyList<ProviderDefinition> definitions, PluginLoadResult loaded, PluginActivator activator, Dictionary<string, IWebhookProvider> providers, List<ConfigurationError> errors)
    {
        if (definitions.Count == 0)
        {
            return;
        }

        var types = ConfigurableProviderTypes.Find(loaded.Plugins, errors);
        foreach (var definition in definitions)
        {
            var found = types.GetValueOrDefault(definition.Type);
            if (providers.TryGetValue(definition.Name, out var plain) && !Configures(plain, definition, found.Type))
            {
                errors.Add(definition.Location.Error(
                    $"the provider name '{definition.Name}' is already taken by a loaded plugin's provider.",
                    $"rename the entry under providers: (for example '{definition.Name}-hmac'); the name is the payload URL's provider part."));
                continue;
            }

            if (found.Type is null)
            {
                var known = types.Count == 0 ? "none" : string.Join(", ", types.Keys.Order(StringComparer.Ordinal));
                errors.Add(definition.TypeLocation.Error(
                    $"the provider type '{definition.Type}' is not offered by any loaded plugin (configurable types: {known}).",
                    "correct type:, or load the plugin that declares it under plugins:."));
                continue;
            }

            if (activator.CreateConfiguredProvider(found.Plugin, found.Type, definition, errors) is not { } provider)
            {
                continue;
            }

            if (!string.Equals(provider.Name, definition.Name, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(definition.Location.Error(
                    $"the {definition.Type} provider {found.Type.FullName} calls itself '{provider.Name}' instead of its configured name '{definition.Name}'.",
                    "make the provider's Name return ProviderSettings.Name (a bug in the plugin)."));
                continue;
            }

            providers[definition.Name] = provider;
        }
    }

    /// <summary>
    /// Whether a <c>providers:</c> entry configures the plain provider <paramref name="plain"/> whose name it takes
    /// (<c>github: { type: github, settings: … }</c>): its type is declared by the plain provider's own plugin under the
    /// plain provider's name, so the configured instance takes its place.
    /// </summary>
    private static bool Configures(IWebhookProvider plain, ProviderDefinition definition, Type? configurable) =>
        configurable is not null
        && configurable.Assembly == plain.GetType().Assembly
        && string.Equals(definition.Type, plain.Name, StringComparison.OrdinalIgnoreCase);

    private static void CheckFilterProviders(WorkerDefinition worker, Dictionary<string, IWebhookProvider> providers, List<ConfigurationError> errors)
    {
        foreach (var (provider, location) in worker.FilterProviders)
        {
            if (string.Equals(provider, AlertEvents.Provider, StringComparison.Ordinal))
            {
                CheckAlertKinds(worker, location, errors);
                continue;
            }

            if (!providers.ContainsKey(provider))
            {
                var known = providers.Count == 0 ? "none" : string.Join(", ", providers.Keys.Order(StringComparer.Ordinal));
                errors.Add(location.Error($"on: names the provider '{provider}', which no loaded plugin provides (loaded: {known}).", "correct the provider name, or load its plugin under plugins:."));
            }
        }
    }

    /// <summary>The built-in <c>unotify</c> provider raises only its alert kinds; another name is a typo.</summary>
    private static void CheckAlertKinds(WorkerDefinition worker, SourceLocation location, List<ConfigurationError> errors)
    {
        foreach (var rule in worker.Filter.Rules.Where(rule => string.Equals(rule.Provider, AlertEvents.Provider, StringComparison.Ordinal)))
        {
            if (rule.Kind != "*" && !AlertEvents.Kinds.Contains(rule.Kind, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(location.Error(
                    $"on: names the unotify event '{rule.Kind}', which Unotify does not raise (it raises: {string.Join(", ", AlertEvents.Kinds)}).",
                    $"write one of those{Suggestion.DidYouMean(rule.Kind, AlertEvents.Kinds)}."));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _activator.DisposeAsync();
        _ownedAssemblies?.Dispose();
    }
}

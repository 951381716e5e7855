using Autofac;
using Autofac.Core;
using Unotify.Core.Configuration;
using Unotify.Core.Plugins;
using Unotify.Sdk;

namespace Unotify.Host.Plugins;

/// <summary>
/// Creates providers and processors from loaded plugins. Each plugin gets its own Autofac lifetime scope supplying
/// <c>ILogger&lt;T&gt;</c>, an <see cref="HttpClient"/> from the client factory and <see cref="TimeProvider"/>; each
/// worker gets a child scope that adds its <see cref="ProcessorSettings"/>, so processors are created per worker.
/// </summary>
internal sealed class PluginActivator(ILifetimeScope root) : IAsyncDisposable
{
    private readonly List<ILifetimeScope> _scopes = [];

    /// <summary>Creates every provider of <paramref name="plugin"/>.</summary>
    public IReadOnlyList<IWebhookProvider> CreateProviders(PluginAssembly plugin, List<ConfigurationError> errors)
    {
        var scope = BeginScope(plugin, builder =>
        {
            foreach (var type in plugin.ProviderTypes)
            {
                builder.RegisterType(type).AsSelf().SingleInstance();
            }
        });
        var providers = new List<IWebhookProvider>();
        foreach (var type in plugin.ProviderTypes)
        {
            if (Create(scope, type, plugin.Reference.Location, $"the provider {type.FullName} in {plugin.Reference.Path}", errors) is IWebhookProvider provider)
            {
                providers.Add(provider);
            }
        }

        return providers;
    }

    /// <summary>
    /// Creates <paramref name="worker"/>'s processor from the first of <paramref name="candidates"/> whose name matches.
    /// Types whose class name starts with the processor name are tried first, so a plugin with one processor per
    /// worker never builds the others.
    /// </summary>
    public IEventProcessor? CreateProcessor(WorkerDefinition worker, IReadOnlyList<PluginAssembly> candidates, List<ConfigurationError> errors)
    {
        var failures = new List<ConfigurationError>();
        var offered = new List<string>();
        var ordered = candidates
            .SelectMany(plugin => plugin.ProcessorTypes.Select(type => (Plugin: plugin, Type: type)))
            .OrderByDescending(candidate => candidate.Type.Name.StartsWith(worker.Processor, StringComparison.OrdinalIgnoreCase));
        foreach (var (plugin, type) in ordered)
        {
            var scope = BeginScope(plugin, builder =>
            {
                builder.RegisterInstance(worker.Settings);
                builder.RegisterType(type).AsSelf().SingleInstance();
            });
            var what = $"worker '{worker.Name}': the processor {type.FullName} in {plugin.Reference.Path}";
            if (Create(scope, type, worker.ProcessorLocation, what, failures) is not IEventProcessor processor)
            {
                continue;
            }

            if (string.Equals(processor.Name, worker.Processor, StringComparison.OrdinalIgnoreCase))
            {
                return processor;
            }

            offered.Add(processor.Name);
        }

        if (failures.Count > 0)
        {
            errors.AddRange(failures);
            return null;
        }

        var available = offered.Count == 0 ? "none" : string.Join(", ", offered.Distinct().Order(StringComparer.Ordinal));
        errors.Add(worker.ProcessorLocation.Error(
            $"worker '{worker.Name}' needs the processor '{worker.Processor}', which no loaded plugin provides (available: {available}).",
            "set processor: to one of the available names, or add the plugin that provides it under plugins:."));
        return null;
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

    private static object? Create(ILifetimeScope scope, Type type, SourceLocation location, string what, List<ConfigurationError> errors)
    {
        try
        {
            return scope.Resolve(type);
        }
        catch (DependencyResolutionException exception)
        {
            var cause = Innermost(exception);
            var fix = cause is ProcessorSettingsException
                ? "fix the worker's settings: in workers.yaml as the message says."
                : "give the constructor only ILogger<T>, HttpClient, ProcessorSettings and TimeProvider parameters, and make it succeed with this configuration.";
            errors.Add(location.Error($"{what} could not be created: {cause.Message}", fix));
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
}

using Autofac;
using Autofac.Extensions.DependencyInjection;
using Serilog.Extensions.Logging;

namespace Unotify.Host.Plugins;

/// <summary>
/// The Autofac container plugins are created from: logging through the host's Serilog logger, the HTTP client factory
/// and the clock. Each plugin and each worker gets a lifetime scope of its own under it.
/// </summary>
internal static class PluginContainer
{
    public static IContainer Build(Serilog.ILogger logger, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders().AddProvider(new SerilogLoggerProvider(logger)));
        services.AddHttpClient();
        services.AddSingleton(time);
        var builder = new ContainerBuilder();
        builder.Populate(services);
        return builder.Build();
    }
}

using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serilog;
using Unotify.Core.Configuration;
using Unotify.Core.History;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Registry;
using Unotify.Core.Routing;
using Unotify.Core.StateMachines;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Api;
using Unotify.Host.Dashboard;
using Unotify.Host.Logging;
using OpenTelemetry.Trace;
using Unotify.Host.Metrics;
using Unotify.Host.Telemetry;
using Unotify.Host.Plugins;
using Unotify.Host.Security;
using Unotify.Host.Webhooks;
using Unotify.Host.Reloading;
using Unotify.Host.Workers;
using Unotify.Core.Plugins;

namespace Unotify.Host.Hosting;

/// <summary>
/// One Unotify process: the HTTP API (<see cref="HostRole.Serve"/>), the workers (<see cref="HostRole.Work"/>) or
/// both, from one configuration. Tests create it with command-line style options (<c>--urls http://127.0.0.1:0</c>,
/// <c>--redis</c>, <c>--workers</c>, <c>--key-prefix</c>, <c>--admin-token</c>, <c>--secret-key</c>).
/// </summary>
public sealed class UnotifyHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Serilog.Core.Logger _logger;
    private readonly IContainer _pluginContainer;
    private readonly PluginAssemblyCache _assemblies;
    private readonly LiveConfiguration _live;
    private readonly RedisStore _store;

    private UnotifyHost(
        IHost host, HostRole role, HostSettings settings, Serilog.Core.Logger logger, IContainer pluginContainer, PluginAssemblyCache assemblies, LiveConfiguration live, RedisStore store)
    {
        _host = host;
        Role = role;
        Settings = settings;
        _logger = logger;
        _pluginContainer = pluginContainer;
        _assemblies = assemblies;
        _live = live;
        _store = store;
    }

    /// <summary>What this process runs.</summary>
    public HostRole Role { get; }

    /// <summary>The settings in force.</summary>
    public HostSettings Settings { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The plugins, providers and processors of the configuration in force (a reload replaces them).</summary>
    public PluginRuntime Plugins => _live.Current.Plugins;

    /// <summary>The store in use.</summary>
    public RedisStore Store => _store;

    /// <summary>
    /// The first address Kestrel listens on, with the real port when <c>:0</c> was asked. A <see cref="HostRole.Work"/>
    /// process listens too, for <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> only.
    /// </summary>
    public Uri? BaseAddress =>
        _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(address => new Uri(address)).FirstOrDefault();

    /// <summary>
    /// Reads the configuration, validates workers.yaml, loads the plugins, opens the store and builds the host.
    /// </summary>
    /// <param name="role">What to run.</param>
    /// <param name="args">Options such as <c>--urls</c>, <c>--redis</c>, <c>--workers</c> (see <c>unotify --help</c>).</param>
    /// <param name="environment">Reads environment variables; <see langword="null"/> for the process environment.</param>
    /// <param name="configureTracing">More tracing set-up (a test's in-memory exporter); tracing is also on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The built, not yet started host.</returns>
    /// <exception cref="ConfigurationException">workers.yaml, a plugin or a state file has errors; all are listed.</exception>
    /// <exception cref="StoreConfigurationException">The store settings are wrong.</exception>
    /// <exception cref="FormatException">A host setting has a value that cannot be read.</exception>
    public static async Task<UnotifyHost> CreateAsync(
        HostRole role, string[] args, Func<string, string?>? environment = null, Action<TracerProviderBuilder>? configureTracing = null, CancellationToken cancellationToken = default)
    {
        environment ??= Environment.GetEnvironmentVariable;
        WebApplicationBuilder builder;
        try
        {
            builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        }
        catch (InvalidDataException exception)
        {
            throw AppSettingsError.From(exception);
        }

        HostSettingsReader.AddUnotifySources(builder.Configuration, args, environment);
        var settings = HostSettingsReader.Read(builder.Configuration);
        var exportOtlp = TelemetrySetup.ExportsOtlp(environment);
        var logger = SerilogSetup.Create(settings);
        var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        try
        {
            // Garnet takes most of start-up; open the store while the plugins load, with collections held back for a
            // while (StartUpMemory; the command that runs the host ends that once it is ready).
            StartUpMemory.BeginQuiet();
            using var openingCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var opening = Task.Run(() => RedisStore.OpenAsync(settings.Store, TimeProvider.System, openingCancellation.Token, loggers), cancellationToken);
            var pluginContainer = PluginContainer.Build(logger, TimeProvider.System);
            var assemblies = new PluginAssemblyCache();
            var loader = new ConfigurationLoader(role, settings.WorkersFile, environment, pluginContainer, assemblies, loggers);
            ReadConfiguration read;
            try
            {
                read = await loader.ReadAsync(opening, current: null);
            }
            catch
            {
                await pluginContainer.DisposeAsync();
                assemblies.Dispose();

                // The configuration's error is the one reported: say it now, not after Redis's connect timeout.
                await openingCancellation.CancelAsync();
                await CloseAsync(opening);
                throw;
            }

            foreach (var warning in read.Warnings)
            {
                logger.Warning("State file warning: {Warning}", warning);
            }

            RedisStore store;
            try
            {
                store = await opening;
            }
            catch
            {
                await read.Plugins.DisposeAsync();
                await pluginContainer.DisposeAsync();
                assemblies.Dispose();
                throw;
            }

            var live = new LiveConfiguration(loader.Build(read, store, current: null, TimeProvider.System.GetUtcNow()), TimeProvider.System);
            Compose(builder, role, settings, logger, loggers, live, loader, store, exportOtlp, configureTracing);
            var app = builder.Build();

            if (settings.TrustedProxies.Count > 0)
            {
                // Only the listed proxies' forwarded headers count: anyone else could name any host.
                var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost };
                forwarded.KnownIPNetworks.Clear();
                forwarded.KnownProxies.Clear();
                foreach (var network in settings.TrustedProxies)
                {
                    forwarded.KnownIPNetworks.Add(network);
                }

                app.UseForwardedHeaders(forwarded);
            }

            app.UseMiddleware<RequestMetricsMiddleware>();
            app.UseMiddleware<ErrorBoundary>();
            app.UseMiddleware<DotSegmentRejection>();
            app.MapUnotifyApi(role);

            return new UnotifyHost(app, role, settings, logger, pluginContainer, assemblies, live, store);
        }
        catch
        {
            await logger.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts listening and the workers.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the host has started.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    /// <summary>Stops the HTTP server and the workers, letting in-flight jobs finish or go back to the queue.</summary>
    /// <param name="cancellationToken">Cuts the graceful stop short.</param>
    /// <returns>A task that completes when the host has stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _host.StopAsync(cancellationToken);

    /// <summary>Waits until the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on shutdown.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _host.WaitForShutdownAsync(cancellationToken);

    /// <summary>The host's logger.</summary>
    internal Serilog.ILogger Logger => _logger;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        await _live.DisposeAsync();
        await _pluginContainer.DisposeAsync();
        _assemblies.Dispose();
        await _store.DisposeAsync();
        await _logger.DisposeAsync();
    }

    /// <summary>Closes a store whose opening is no longer wanted, whatever became of the opening.</summary>
    private static async Task CloseAsync(Task<RedisStore> opening)
    {
        try
        {
            await (await opening).DisposeAsync();
        }
        catch (Exception exception) when (exception is StoreConfigurationException or StoreUnavailableException or OperationCanceledException or StackExchange.Redis.RedisConnectionException)
        {
            // Start-up already failed for another reason, which is the one reported.
        }
    }

    private static void Compose(
        WebApplicationBuilder builder, HostRole role, HostSettings settings, Serilog.Core.Logger logger, ILoggerFactory loggers, LiveConfiguration live, ConfigurationLoader loader,
        RedisStore store, bool exportOtlp, Action<TracerProviderBuilder>? configureTracing)
    {
        builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
        builder.Services.AddSerilog(logger, dispose: false);
        builder.WebHost.UseUrls(settings.Urls);

        // The slim builder leaves out what Unotify never uses (IIS, HTTP/3, regex route constraints; 2 MB less
        // resident), and Kestrel's HTTPS configuration, which it does: Kestrel:Certificates:Default from
        // configuration serves an https:// URL.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = PayloadApi.MaxBodyBytes + 1L;
        });
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(settings);

        // Kestrel finishes the requests in flight and the consumers the jobs in flight within this, together: the
        // services stop at once, not one after another (each worker would otherwise add its own wait).
        builder.Services.Configure<HostOptions>(host =>
        {
            host.ShutdownTimeout = settings.ShutdownTimeout;
            host.ServicesStopConcurrently = true;
        });
        builder.Services.AddSingleton<PayloadAddress>();
        builder.Services.AddSingleton<DashboardSession>();
        builder.Services.AddSingleton(new BodyBudget(settings.BodyMemoryBytes));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(live);
        builder.Services.AddSingleton<UnotifyMeter>();
        builder.Services.AddUnotifyTelemetry(role.ToString().ToLowerInvariant(), exportOtlp, configureTracing);
        if (role == HostRole.Work)
        {
            // No ingest here, so nothing to cache.
            builder.Services.AddSingleton<IHookRegistry>(new RedisHookRegistry(store));
        }
        else
        {
            builder.Services.AddSingleton(services => new CachingHookRegistry(
                new RedisHookRegistry(store),
                store,
                new HookCacheOptions { TimeToLive = settings.HookCacheTimeToLive },
                services.GetRequiredService<ILogger<CachingHookRegistry>>()));
            builder.Services.AddSingleton<IHookRegistry>(services => services.GetRequiredService<CachingHookRegistry>());
            builder.Services.AddHostedService<HookCacheSubscription>();
        }

        var history = new RedisDeliveryHistory(store, settings.History, loggers.CreateLogger("Unotify.History"));
        builder.Services.AddSingleton(history);
        if (settings.History.Enabled && role != HostRole.Work)
        {
            // The door writes the list; a worker-only process neither writes nor needs it in place.
            builder.Services.AddHostedService<HistoryIndexPreparation>();
        }

        builder.Services.AddHostedService<StartupBanner>();

        // The workers of the configuration in force run in one fleet, which each reload brings in line (a serve process
        // runs none, but reloads its routing all the same).
        builder.Services.AddSingleton(services => new WorkerFleet(
            live, history, settings.ShutdownTimeout, TimeProvider.System, services.GetRequiredService<ILogger<WorkerFleet>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<WorkerFleet>());
        builder.Services.AddSingleton(services => new ConfigurationReloader(
            live, loader, services.GetRequiredService<WorkerFleet>(), store, services.GetRequiredService<UnotifyMeter>(), settings, TimeProvider.System,
            services.GetRequiredService<ILogger<ConfigurationReloader>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<ConfigurationReloader>());
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Unotify.Core.Storage;
using Unotify.Host.Reloading;

namespace Unotify.Host.Hosting;

/// <summary>Once the host listens, logs where, what it runs, and how to register a first hook (or how to open the admin routes).</summary>
internal sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, HostSettings settings, RedisStore store, LiveConfiguration live, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? settings.Urls;
        var configuration = live.Current;
        var plugins = configuration.Plugins;
        var storeText = store.IsEmbedded ? $"embedded Garnet in {Path.GetFullPath(settings.DataDirectory)}" : "Redis (UNOTIFY_REDIS)";
        LogListening(logger, address, storeText, string.Join(", ", plugins.Providers.Keys.Order(StringComparer.Ordinal)), string.Join(", ", configuration.Workers.Select(worker => worker.Name)));
        var provider = plugins.Providers.Keys.Order(StringComparer.Ordinal).FirstOrDefault() ?? "github";
        if (settings.AdminToken is null)
        {
            LogNoAdminToken(logger);
        }
        else
        {
            LogDashboard(logger, address.TrimEnd('/'));
        }

        LogFirstHook(logger, address, provider);
        if (settings.PublicUrl is { } publicUrl)
        {
            LogPublicUrl(logger, publicUrl.ToString().TrimEnd('/'));
        }
        else
        {
            LogNoPublicUrl(logger);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Unotify listening on {Address} (store: {Store}; providers: {Providers}; workers: {Workers})")]
    private static partial void LogListening(ILogger logger, string address, string store, string providers, string workers);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Admin routes are closed: no admin token is set. Set one and restart, e.g. export UNOTIFY_ADMIN_TOKEN=$(openssl rand -hex 32)")]
    private static partial void LogNoAdminToken(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Dashboard: {Address}/ui (sign in with the admin token)")]
    private static partial void LogDashboard(ILogger logger, string address);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Payload URLs are given as {PublicUrl}/conduit/webhooks/{{provider}}/{{repoId}}/payload (UNOTIFY_PUBLIC_URL)")]
    private static partial void LogPublicUrl(ILogger logger, string publicUrl);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Payload URLs are built from the address each admin request came to; set UNOTIFY_PUBLIC_URL to the address senders reach (https://hooks.example.com), or behind a reverse proxy list it in UNOTIFY_TRUSTED_PROXIES")]
    private static partial void LogNoPublicUrl(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Register a first hook: curl -X POST {Address}/conduit/webhooks/register -H \"Authorization: Bearer $UNOTIFY_ADMIN_TOKEN\" -H 'Content-Type: application/json' -d '{{\"provider\":\"{Provider}\",\"repo_path\":\"owner/name\",\"repo_id\":\"123\"}}'  (or: unotify hooks register {Provider} 123 owner/name)")]
    private static partial void LogFirstHook(ILogger logger, string address, string provider);
}

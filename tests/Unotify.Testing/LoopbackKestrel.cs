using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Unotify.Testing;

/// <summary>The real Kestrel servers the test fakes run on: quiet, on 127.0.0.1, at a port the OS picks.</summary>
public static class LoopbackKestrel
{
    /// <summary>A web application, not yet started, that will listen on <c>127.0.0.1</c> and a free port.</summary>
    /// <returns>The application; give it its handler, then <see cref="StartAsync"/> it.</returns>
    public static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        return builder.Build();
    }

    /// <summary>Starts <paramref name="app"/> and returns the address it listens at, <c>http://127.0.0.1:PORT</c>.</summary>
    /// <param name="app">An application from <see cref="Build"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The address, without a trailing slash.</returns>
    public static async Task<string> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }
}

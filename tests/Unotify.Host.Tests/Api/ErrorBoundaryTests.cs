using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Unotify.Host.Api;
using Unotify.Testing.Logging;

namespace Unotify.Host.Tests.Api;

/// <summary>The HTTP API's one error boundary, on a real Kestrel: a bug in a route is logged once and answered 500 in the envelope.</summary>
public sealed class ErrorBoundaryTests
{
    [Fact]
    public async Task An_exception_in_a_route_is_logged_with_the_request_and_answered_500_without_a_stack_trace()
    {
        var log = new RecordingLogger<ErrorBoundary>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ILogger<ErrorBoundary>>(log);
        await using var app = builder.Build();
        app.UseMiddleware<ErrorBoundary>();
        app.MapGet("/broken", (Func<string>)(() => throw new InvalidOperationException("a bug: secret-internal-detail")));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await client.GetAsync(new Uri("/broken", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        text.Should().StartWith("{\"success\":false,\"error_code\":\"INTERNAL_ERROR\"").And.NotContain("secret-internal-detail").And.NotContain("   at ");
        var logged = log.Entries.Should().ContainSingle().Subject;
        logged.Level.Should().Be(LogLevel.Error);
        logged.Message.Should().StartWith("GET /broken failed (request id ");
        await app.StopAsync();
    }
}

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

/// <summary>The HTTP API's one error boundary, on a real Kestrel: a bug in a route is logged once and answered 500 in the envelope; running out of memory 503.</summary>
public sealed class ErrorBoundaryTests
{
    [Fact]
    public async Task An_exception_in_a_route_is_logged_with_the_request_and_answered_500_without_a_stack_trace()
    {
        var log = new RecordingLogger<ErrorBoundary>();
        await using var app = await StartAsync(log, () => throw new InvalidOperationException("a bug: secret-internal-detail"));
        using var client = ClientOf(app);

        using var response = await client.PostAsync(new Uri("/route", UriKind.Relative), new StringContent("{}"));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        text.Should().StartWith("{\"success\":false,\"error_code\":\"INTERNAL_ERROR\"").And.NotContain("secret-internal-detail").And.NotContain("   at ");
        var logged = log.Entries.Should().ContainSingle().Subject;
        logged.Level.Should().Be(LogLevel.Error);
        logged.Message.Should().StartWith("POST /route failed (request id ");
        await app.StopAsync();
    }

    [Fact]
    public async Task Running_out_of_memory_is_answered_503_with_retry_after_and_logged_with_what_to_change()
    {
        var log = new RecordingLogger<ErrorBoundary>();
        await using var app = await StartAsync(log, () => throw new OutOfMemoryException("Array dimensions exceeded supported range."));
        using var client = ClientOf(app);

        using var response = await client.PostAsync(new Uri("/route", UriKind.Relative), new StringContent("{}"));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a host too small for what it was sent is not a bug, and the sender may try again");
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        text.Should().StartWith("{\"success\":false,\"error_code\":\"OUT_OF_MEMORY\"").And.Contain("nothing of it was stored").And.NotContain("   at ");
        var logged = log.Entries.Should().ContainSingle().Subject;
        logged.Level.Should().Be(LogLevel.Error);
        logged.Message.Should().StartWith("POST /route ran out of memory").And.Contain("UNOTIFY_BODY_MEMORY");
        await app.StopAsync();
    }

    /// <summary>A real Kestrel on loopback with the error boundary in front of one route, POST /route, that runs <paramref name="route"/>.</summary>
    private static async Task<WebApplication> StartAsync(RecordingLogger<ErrorBoundary> log, Func<string> route)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ILogger<ErrorBoundary>>(log);
        var app = builder.Build();
        app.UseMiddleware<ErrorBoundary>();
        app.MapPost("/route", route);
        await app.StartAsync();
        return app;
    }

    private static HttpClient ClientOf(WebApplication app) =>
        new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
}

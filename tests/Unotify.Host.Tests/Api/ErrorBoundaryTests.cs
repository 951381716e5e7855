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

    [Fact]
    public async Task Running_out_of_memory_is_answered_503_with_retry_after_and_logged_with_what_to_change()
    {
        var log = new RecordingLogger<ErrorBoundary>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ILogger<ErrorBoundary>>(log);
        await using var app = builder.Build();
        app.UseMiddleware<ErrorBoundary>();
        app.MapPost("/payload", (Func<string>)(() => throw new OutOfMemoryException("Array dimensions exceeded supported range.")));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await client.PostAsync(new Uri("/payload", UriKind.Relative), new StringContent("{}"));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a host too small for what it was sent is not a bug, and the sender may try again");
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        text.Should().StartWith("{\"success\":false,\"error_code\":\"OUT_OF_MEMORY\"").And.Contain("nothing of it was stored").And.NotContain("   at ");
        var logged = log.Entries.Should().ContainSingle().Subject;
        logged.Level.Should().Be(LogLevel.Error);
        logged.Message.Should().StartWith("POST /payload ran out of memory").And.Contain("UNOTIFY_BODY_MEMORY");
        await app.StopAsync();
    }
}

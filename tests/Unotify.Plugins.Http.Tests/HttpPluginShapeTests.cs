using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Http.Tests;

/// <summary>What the host relies on when it loads the plugin DLL and scans it.</summary>
public sealed class HttpPluginShapeTests
{
    [Fact]
    public void References_only_the_sdk_logging_and_the_runtime() =>
        typeof(HttpEventProcessor).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard")
            .Order(StringComparer.Ordinal)
            .Should().Equal("Microsoft.Extensions.Logging.Abstractions", "Unotify.Sdk");

    [Fact]
    public void Has_one_public_processor_named_http_built_from_what_the_host_supplies()
    {
        var processors = typeof(HttpEventProcessor).Assembly.GetExportedTypes().Where(t => typeof(IEventProcessor).IsAssignableFrom(t));

        processors.Should().Equal(typeof(HttpEventProcessor));
        typeof(HttpEventProcessor).GetConstructors().Should().ContainSingle()
            .Which.GetParameters().Select(p => p.ParameterType)
            .Should().Equal(typeof(ILogger<HttpEventProcessor>), typeof(HttpClient), typeof(ProcessorSettings), typeof(TimeProvider), typeof(IRequestLimiter));
        HttpEventProcessor.ProcessorName.Should().Be("http");
    }
}

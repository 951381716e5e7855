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
    public void Has_the_public_processors_http_slack_teams_and_discord_built_from_what_the_host_supplies()
    {
        var processors = typeof(HttpEventProcessor).Assembly.GetExportedTypes().Where(t => typeof(IEventProcessor).IsAssignableFrom(t)).ToList();

        processors.Select(p => p.GetCustomAttributes(typeof(EventProcessorAttribute), false).Cast<EventProcessorAttribute>().Single().Name)
            .Order(StringComparer.Ordinal).Should().Equal("discord", "http", "slack", "teams");
        foreach (var processor in processors)
        {
            processor.GetConstructors().Should().ContainSingle()
                .Which.GetParameters().Select(p => p.ParameterType)
                .Should().Equal(typeof(ILogger<>).MakeGenericType(processor), typeof(HttpClient), typeof(ProcessorSettings), typeof(TimeProvider), typeof(IRequestLimiter));
        }
    }
}

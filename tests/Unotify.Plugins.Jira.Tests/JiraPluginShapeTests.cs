using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>What the host relies on when it loads the plugin DLL and scans it.</summary>
public sealed class JiraPluginShapeTests
{
    private static readonly string[] _allowedReferences = ["Unotify.Sdk", "Microsoft.Extensions.Logging.Abstractions"];

    [Fact]
    public void References_only_the_sdk_logging_abstractions_and_the_runtime() =>
        typeof(JiraEventProcessor).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard")
            .Should().BeSubsetOf(_allowedReferences);

    [Fact]
    public void Has_one_public_processor_named_jira() =>
        typeof(JiraEventProcessor).Assembly.GetExportedTypes()
            .Where(t => typeof(IEventProcessor).IsAssignableFrom(t)).Should().Equal(typeof(JiraEventProcessor));

    [Fact]
    public void Offers_the_host_one_public_constructor_of_the_dependencies_it_supplies() =>
        typeof(JiraEventProcessor).GetConstructors().Should().ContainSingle().Which.GetParameters().Select(p => p.ParameterType)
            .Should().Equal(typeof(ILogger<JiraEventProcessor>), typeof(HttpClient), typeof(ProcessorSettings), typeof(IStateMachines), typeof(TimeProvider), typeof(IRequestLimiter));
}

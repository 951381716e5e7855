using Unotify.Core.Configuration;
using Unotify.Core.Plugins;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Plugins;

public sealed class PluginAssemblyLoaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_missing_file_is_an_error_at_the_configuration_entry_that_named_it()
    {
        var reference = Reference(Path.Combine(_directory.Path, "Gone.dll"), line: 2, column: 5);

        var result = PluginAssemblyLoader.Load([reference]);

        result.Plugins.Should().BeEmpty();
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.File, error.Key, error.Line, error.Column).Should().Be(("workers.yaml", "plugins", 2, 5));
        error.Problem.Should().Contain("Gone.dll").And.Contain("does not exist");
    }

    [Fact]
    public void A_file_that_is_not_a_dotnet_assembly_is_an_error_saying_how_to_build_a_plugin()
    {
        var path = Path.Combine(_directory.Path, "Broken.dll");
        File.WriteAllBytes(path, [0x4d, 0x5a, 0, 1, 2, 3]);

        var error = PluginAssemblyLoader.Load([Reference(path)]).Errors.Should().ContainSingle().Subject;

        error.Problem.Should().Contain(path).And.Contain("could not be loaded");
        error.Fix.Should().Contain("EnableDynamicLoading");
    }

    [Fact]
    public void An_assembly_with_neither_a_provider_nor_a_processor_is_an_error()
    {
        var path = Path.Combine(_directory.Path, "Unotify.Sdk.dll");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Unotify.Sdk.dll"), path);

        var error = PluginAssemblyLoader.Load([Reference(path)]).Errors.Should().ContainSingle().Subject;

        error.Problem.Should().Contain("no public class implementing IWebhookProvider or IEventProcessor");
    }

    [Fact]
    public void Every_plugin_is_tried_and_every_failure_reported()
    {
        var result = PluginAssemblyLoader.Load([Reference(Path.Combine(_directory.Path, "A.dll")), Reference(Path.Combine(_directory.Path, "B.dll"))]);

        result.Errors.Select(error => error.Problem).Should().SatisfyRespectively(
            first => first.Should().Contain("A.dll"),
            second => second.Should().Contain("B.dll"));
    }

    [Fact]
    public void The_sdk_and_logging_abstractions_are_shared_with_plugins()
    {
        PluginAssemblyLoader.SharedTypes.Select(type => type.Assembly.GetName().Name)
            .Should().Contain(["Unotify.Sdk", "Microsoft.Extensions.Logging.Abstractions"]);
    }

    private static PluginReference Reference(string path, int line = 1, int column = 3) =>
        new(path, new SourceLocation("workers.yaml", "plugins", line, column));
}

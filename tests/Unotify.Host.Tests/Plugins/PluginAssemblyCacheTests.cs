using Unotify.Core.Configuration;
using Unotify.Core.Plugins;
using Unotify.Host.Tests.Support;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Plugins;

public sealed class PluginAssemblyCacheTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly PluginAssemblyCache _cache = new();

    public void Dispose()
    {
        _cache.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void A_path_asked_for_again_is_the_assembly_already_loaded_placed_at_the_new_entry()
    {
        var first = _cache.Load([Reference(TestPlugins.Recorder, line: 1)]).Plugins.Should().ContainSingle().Subject;

        var second = _cache.Load([Reference(TestPlugins.Recorder, line: 7)]).Plugins.Should().ContainSingle().Subject;

        second.Assembly.Should().BeSameAs(first.Assembly, "a plugin's load context is never unloaded, so a reload must not load a second copy");
        second.Reference.Location.Line.Should().Be(7);
    }

    [Fact]
    public void A_plugin_file_replaced_after_loading_is_reported_as_changed_on_disk()
    {
        var path = CopyRecorder();
        _cache.Load([Reference(path)]).Errors.Should().BeEmpty();
        var unchanged = _cache.ChangedOnDisk([Reference(path)]);

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        unchanged.Should().BeEmpty();
        _cache.ChangedOnDisk([Reference(path)]).Should().Equal(path);
    }

    [Fact]
    public void A_path_that_failed_to_load_is_tried_again_next_time()
    {
        var path = Path.Combine(_directory.Path, "later", Path.GetFileName(TestPlugins.Recorder));
        var missing = _cache.Load([Reference(path)]);
        CopyRecorder("later");

        var found = _cache.Load([Reference(path)]);

        missing.Errors.Should().ContainSingle().Which.Problem.Should().Contain("does not exist");
        found.Errors.Should().BeEmpty();
        found.Plugins.Should().ContainSingle();
    }

    private string CopyRecorder(string folder = "copy")
    {
        var source = Path.GetDirectoryName(TestPlugins.Recorder)!;
        var target = Path.Combine(_directory.Path, folder);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return Path.Combine(target, Path.GetFileName(TestPlugins.Recorder));
    }

    private static PluginReference Reference(string path, int line = 1) => new(path, new SourceLocation("workers.yaml", "plugins", line, 3));
}

using System.Text.Json;

namespace Unotify.Host.Tests.Hosting;

public sealed class RuntimeConfigTests
{
    private static readonly JsonElement Properties = ReadProperties();

    [Fact]
    public void The_host_runs_the_workstation_GC()
    {
        // Server GC kept 356 MB resident with embedded Garnet at idle against ~120 MB (bench/README.md).
        Properties.GetProperty("System.GC.Server").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void The_host_caps_the_youngest_generation_at_32_MB_whatever_the_CPU_cache()
    {
        Properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64().Should().Be(32L * 1024 * 1024);
    }

    private static JsonElement ReadProperties()
    {
        // The host project's runtimeconfig.json is copied next to the tests with unotify.dll.
        var path = Path.Combine(AppContext.BaseDirectory, "unotify.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}

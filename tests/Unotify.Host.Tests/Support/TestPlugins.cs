namespace Unotify.Host.Tests.Support;

/// <summary>Where the build put the plugins this test project loads from disk.</summary>
public static class TestPlugins
{
    public static string GitHub => Path.Combine(AppContext.BaseDirectory, "plugins", "Unotify.Plugins.GitHub", "Unotify.Plugins.GitHub.dll");

    public static string Recorder => Path.Combine(AppContext.BaseDirectory, "testplugins", "Unotify.TestPlugin", "Unotify.TestPlugin.dll");

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");
}

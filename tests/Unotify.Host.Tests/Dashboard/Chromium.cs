using Microsoft.Playwright;

namespace Unotify.Host.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright, started once for a test class. test.sh installs the browser when it is
/// missing (as it does redis-server); Playwright's own browser downloads are never used.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots of the pages go: under the test run's output folder.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("UNOTIFY_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Chromium is not at {path}: run the tests with ./test.sh, which installs Debian's chromium package, or set UNOTIFY_TEST_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // Test machines and containers run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

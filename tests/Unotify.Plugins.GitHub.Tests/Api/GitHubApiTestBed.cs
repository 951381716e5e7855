using Unotify.Sdk;
using Unotify.Testing.FakeGitHub;

namespace Unotify.Plugins.GitHub.Tests;

/// <summary>A running fake GitHub API and <c>github</c> providers configured against it.</summary>
internal sealed class GitHubApiTestBed : IAsyncDisposable
{
    private static readonly HttpClient _http = new();

    private GitHubApiTestBed(FakeGitHubServer github) => GitHub = github;

    public FakeGitHubServer GitHub { get; }

    public static async Task<GitHubApiTestBed> StartAsync() => new(await FakeGitHubServer.StartAsync());

    /// <summary>A provider named <c>github</c> with the fake's address and token, with <paramref name="overrides"/> applied (a <see langword="null"/> value removes the key).</summary>
    public ConfiguredGitHubWebhookProvider Provider(params (string Key, string? Value)[] overrides) => Provider(TimeProvider.System, overrides);

    public ConfiguredGitHubWebhookProvider Provider(TimeProvider time, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["api_url"] = GitHub.ApiUrl,
            ["api_token"] = GitHub.Token,
        };
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        return new ConfiguredGitHubWebhookProvider(new ProviderSettings("github", new ProcessorSettings("github", settings)), _http, time);
    }

    public ValueTask DisposeAsync() => GitHub.DisposeAsync();
}

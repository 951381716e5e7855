using Unotify.Sdk;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// The <c>github</c> provider with settings, from a <c>providers:</c> entry of type <c>github</c> (usually named
/// <c>github</c> itself, when it takes the built-in provider's place): it reads deliveries exactly like
/// <see cref="GitHubWebhookProvider"/>, and with an <c>api_token</c> it also finds, in the worker, the ticket keys
/// GitHub's payloads do not carry (<see cref="IEventTextFinder"/>): a merged pull request's commit messages and every
/// commit a published release ships since the previous one.
/// </summary>
/// <remarks>Stateless and thread-safe. Without <c>api_token</c> it never calls GitHub.</remarks>
[ConfigurableProvider(GitHubWebhookProvider.ProviderName)]
public sealed class ConfiguredGitHubWebhookProvider : IWebhookProvider, IEventTextFinder
{
    private readonly GitHubWebhookProvider _deliveries;
    private readonly IEventTextFinder? _texts;

    /// <summary>Creates the named instance <paramref name="settings"/> describes.</summary>
    /// <param name="settings">The instance's name and settings: <c>api_token</c>, <c>api_url</c> (default <c>https://api.github.com</c>) and <c>timeout</c> (default 10s).</param>
    /// <param name="httpClient">An HTTP client with nothing configured on it, for GitHub's API.</param>
    /// <param name="timeProvider">The clock for request timeouts and rate-limit resets.</param>
    /// <exception cref="ProcessorSettingsException">A setting is unknown or has a bad value.</exception>
    public ConfiguredGitHubWebhookProvider(ProviderSettings settings, HttpClient httpClient, TimeProvider timeProvider)
    {
        var api = GitHubApiSettings.Read(settings);
        _deliveries = new GitHubWebhookProvider(settings.Name);
        _texts = api.Token is null ? null : new GitHubCommitTextFinder(new GitHubApiClient(httpClient, api, timeProvider), settings.Name);
    }

    /// <inheritdoc />
    public string Name => _deliveries.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> MediaTypes => _deliveries.MediaTypes;

    /// <inheritdoc />
    public string? FindDeliveryId(WebhookHeaders headers) => _deliveries.FindDeliveryId(headers);

    /// <inheritdoc />
    public SignatureVerification Verify(WebhookRequest request, string secret) => _deliveries.Verify(request, secret);

    /// <inheritdoc />
    public WebhookParseResult Parse(WebhookRequest request) => _deliveries.Parse(request);

    /// <inheritdoc />
    /// <remarks><see cref="EventTextLookup.None"/> without an <c>api_token</c>, and for events other than a merged pull request or a published release.</remarks>
    public Task<EventTextLookup> FindTextsAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken) =>
        _texts is null ? Task.FromResult(EventTextLookup.None) : _texts.FindTextsAsync(webhookEvent, cancellationToken);
}

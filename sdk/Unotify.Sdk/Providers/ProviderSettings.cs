namespace Unotify.Sdk;

/// <summary>
/// One named instance of a configurable provider from <c>workers.yaml</c>'s <c>providers:</c> section, given to the
/// constructor of a provider marked with <see cref="ConfigurableProviderAttribute"/>.
/// </summary>
/// <remarks>
/// The settings are flattened and their <c>${ENV}</c> values resolved exactly like a worker's <c>settings:</c>;
/// their <see cref="ProcessorSettings.WorkerName"/> is the instance's name, so the typed getters' errors name it.
/// </remarks>
public sealed class ProviderSettings
{
    /// <summary>Creates the settings of one provider instance.</summary>
    /// <param name="name">The instance's name: its key under <c>providers:</c>, lower case (<c>acme</c>).</param>
    /// <param name="values">The instance's flattened <c>settings:</c>.</param>
    public ProviderSettings(string name, ProcessorSettings values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        Values = values;
    }

    /// <summary>
    /// The instance's name: what <see cref="IWebhookProvider.Name"/> must return, as used in the payload URL
    /// (<c>/conduit/webhooks/acme/{repoId}/payload</c>) and in <c>on:</c> filters.
    /// </summary>
    public string Name { get; }

    /// <summary>The instance's <c>settings:</c>, flattened, with <c>${ENV}</c> values resolved.</summary>
    public ProcessorSettings Values { get; }
}

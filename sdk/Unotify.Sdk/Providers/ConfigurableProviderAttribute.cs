namespace Unotify.Sdk;

/// <summary>
/// Marks an <see cref="IWebhookProvider"/> as a configurable provider <em>type</em>: the host creates no instance of
/// it on its own, but one per entry of <c>workers.yaml</c>'s <c>providers:</c> section whose <c>type:</c> is
/// <see cref="Type"/>, each with that entry's <see cref="ProviderSettings"/> passed to its constructor.
/// </summary>
/// <remarks>
/// The class must have a public constructor taking a <see cref="ProviderSettings"/> (it may also take
/// <c>ILogger&lt;T&gt;</c> and <see cref="TimeProvider"/>), and its <see cref="IWebhookProvider.Name"/> must return
/// <see cref="ProviderSettings.Name"/>, the instance's name from <c>providers:</c>. Bad settings are reported by
/// throwing <see cref="ProcessorSettingsException"/> from the constructor: the host turns it into a start-up error.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConfigurableProviderAttribute : Attribute
{
    /// <summary>Declares the provider type's name.</summary>
    /// <param name="type">The name written as <c>type:</c> under <c>providers:</c>, lower case (<c>hmac</c>).</param>
    public ConfigurableProviderAttribute(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Type = type;
    }

    /// <summary>The name written as <c>type:</c> under <c>providers:</c> (<c>hmac</c>).</summary>
    public string Type { get; }
}

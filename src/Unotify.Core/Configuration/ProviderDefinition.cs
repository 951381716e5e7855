using Unotify.Sdk;

namespace Unotify.Core.Configuration;

/// <summary>One named instance of a configurable provider from <c>workers.yaml</c>'s <c>providers:</c> section.</summary>
public sealed record ProviderDefinition
{
    /// <summary>The instance's name: its key under <c>providers:</c> (<c>acme</c>), used in payload URLs and <c>on:</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The configurable provider type to instantiate (<c>type:</c>, for example <c>hmac</c>).</summary>
    public required string Type { get; init; }

    /// <summary>The flattened <c>settings:</c> with <c>${ENV}</c> values resolved; empty when absent.</summary>
    public required ProviderSettings Settings { get; init; }

    /// <summary>Where the entry was written, for errors about its name.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Where <c>type:</c> was written, for errors about an unknown type.</summary>
    public required SourceLocation TypeLocation { get; init; }

    /// <summary>Where <c>settings:</c> was written (the entry itself when absent), for errors about bad settings.</summary>
    public required SourceLocation SettingsLocation { get; init; }
}

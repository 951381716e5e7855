using System.Text.Json.Serialization;

namespace Unotify.Host.Api;

/// <summary>A successful answer: <c>{"success":true,"data":…}</c>.</summary>
/// <typeparam name="T">The data's type.</typeparam>
/// <param name="Data">The data.</param>
public sealed record SuccessEnvelope<T>(T Data)
{
    /// <summary>Always <see langword="true"/>.</summary>
    [JsonPropertyOrder(-1)]
    public bool Success => true;
}

using System.Text.Json.Serialization;

namespace Unotify.Host.Api;

/// <summary>A failed answer: <c>{"success":false,"error_code":…,"error_msg":…}</c>.</summary>
/// <param name="ErrorCode">A stable upper-case code (see <see cref="ErrorCodes"/>).</param>
/// <param name="ErrorMsg">What is wrong and how to fix it.</param>
public sealed record ErrorEnvelope(string ErrorCode, string ErrorMsg)
{
    /// <summary>Always <see langword="false"/>.</summary>
    [JsonPropertyOrder(-1)]
    public bool Success => false;
}

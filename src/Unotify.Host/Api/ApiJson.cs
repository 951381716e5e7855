using System.Text.Json;

namespace Unotify.Host.Api;

/// <summary>The API's JSON: the web defaults with snake_case names, for request bodies and answers alike.</summary>
internal static class ApiJson
{
    /// <summary>The options every answer is written with (read-only once first used).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the API's naming to <paramref name="options"/>.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        return options;
    }
}

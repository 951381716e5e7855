using System.Net.Http.Json;
using System.Text.Json;

namespace Unotify.Host.Tests.Support;

public static class Json
{
    public static HttpContent Body(object value) => JsonContent.Create(value);

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    public static string ErrorCode(JsonElement envelope) => envelope.GetProperty("error_code").GetString()!;
}

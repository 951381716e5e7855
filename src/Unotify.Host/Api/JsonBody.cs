using System.Text.Json;

namespace Unotify.Host.Api;

/// <summary>Reads a small JSON request body, answering a malformed one with the seed's error envelope.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, EnvelopeResult<ErrorEnvelope>? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the body as application/json."));
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(cancellationToken);
            return value is null
                ? (null, ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, "The body is empty; send a JSON object."))
                : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, $"The body is not valid JSON for this route: {exception.Message}"));
        }
    }

    public static EnvelopeResult<ErrorEnvelope>? Require(params (string Name, string? Value)[] fields)
    {
        var missing = fields.Where(field => string.IsNullOrWhiteSpace(field.Value)).Select(field => field.Name).ToList();
        return missing.Count == 0
            ? null
            : ApiResults.Error(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, $"Missing {string.Join(", ", missing)}; send them in the request.");
    }
}

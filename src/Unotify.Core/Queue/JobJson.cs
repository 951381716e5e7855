using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Unotify.Core.Storage;

namespace Unotify.Core.Queue;

/// <summary>Jobs as stored in Redis: UTF-8 JSON of <see cref="Job"/> (the Sdk event plus attempt, timestamps and last error).</summary>
/// <remarks>
/// The event carries the raw payload (often 25 KB of JSON) as a string. The default encoder escapes every quote in it
/// as <c>\u0022</c>, which made a stored job a third larger and its (de)serialisation the most expensive step of
/// ingest. Jobs are read only by Unotify, never rendered into HTML, so the relaxed encoder is safe here; writing UTF-8
/// bytes also spares the Redis client a UTF-16 → UTF-8 copy. Jobs written with the default encoder read the same.
/// </remarks>
internal static class JobJson
{
    private static readonly StoreJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] Serialize(Job job) => JsonSerializer.SerializeToUtf8Bytes(job, Context.Job);

    public static Job Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, Context.Job) ?? throw new InvalidDataException("A stored job is null.");
}

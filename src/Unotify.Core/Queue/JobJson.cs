using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// Jobs as stored in Redis: a header line, the job's metadata as one line of UTF-8 JSON, then the raw payload verbatim.
/// </summary>
/// <remarks>
/// <para>
/// <c>unotify-job/2\n{"id":…,"event":{…everything but raw_json…},…}\n&lt;payload bytes&gt;</c>. The payload (often
/// 25 KB of JSON) is the bulk of a job; written as a JSON string it had every quote escaped on the way in and unescaped
/// on every attempt, the single most expensive step of ingest. Kept verbatim it is one UTF-8 copy each way. The
/// metadata line can hold no raw newline (JSON escapes it inside strings and is written unindented), so the first
/// newline after the header ends it.
/// </para>
/// <para>
/// Jobs written by earlier versions — one JSON object, raw payload included as a string, default or relaxed
/// escaping — start with <c>{</c> and are read as before, so an upgrade loses nothing that was queued.
/// </para>
/// </remarks>
internal static class JobJson
{
    private static readonly byte[] Header = "unotify-job/2\n"u8.ToArray();

    private static readonly JsonSerializerOptions LegacyOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonTypeInfo<Job> Legacy = new StoreJsonContext(LegacyOptions).Job;

    // The same contract without WebhookEvent.RawJson: the payload travels after the metadata line instead.
    private static readonly JsonTypeInfo<Job> Metadata = (JsonTypeInfo<Job>)new JsonSerializerOptions(LegacyOptions)
    {
        TypeInfoResolver = StoreJsonContext.Default.WithAddedModifier(WithoutRawJson),
    }.GetTypeInfo(typeof(Job));

    /// <summary>The stored form of <paramref name="job"/>, in an array of its own.</summary>
    public static byte[] Serialize(Job job)
    {
        var pooled = SerializePooled(job);
        var stored = pooled.Memory.ToArray();
        pooled.Return();
        return stored;
    }

    /// <summary>The stored form of <paramref name="job"/>, in a rented buffer (see <see cref="StoredJob"/> for when to return it).</summary>
    public static StoredJob SerializePooled(Job job)
    {
        var metadata = JsonSerializer.SerializeToUtf8Bytes(job, Metadata);
        var raw = job.Event.RawJson;
        var length = Header.Length + metadata.Length + 1 + Encoding.UTF8.GetByteCount(raw);
        var stored = StoredJob.Create(length);
        var span = stored.Buffer;
        Header.CopyTo(span);
        metadata.CopyTo(span[Header.Length..]);
        span[Header.Length + metadata.Length] = (byte)'\n';
        Encoding.UTF8.GetBytes(raw, span[(Header.Length + metadata.Length + 1)..]);
        return stored;
    }

    /// <summary>Reads a stored job, in this format or an earlier one.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static Job Deserialize(ReadOnlySpan<byte> stored)
    {
        if (!stored.StartsWith(Header))
        {
            return Parse(stored, Legacy);
        }

        var rest = stored[Header.Length..];
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new InvalidDataException("A stored job has no line break after its metadata; it was truncated or written by something else.");
        }

        var job = Parse(rest[..end], Metadata);
        return job with { Event = job.Event with { RawJson = Encoding.UTF8.GetString(rest[(end + 1)..]) } };
    }

    private static Job Parse(ReadOnlySpan<byte> json, JsonTypeInfo<Job> contract)
    {
        try
        {
            return JsonSerializer.Deserialize(json, contract) ?? throw new InvalidDataException("A stored job is null.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"A stored job is not valid JSON: {exception.Message}", exception);
        }
    }

    private static void WithoutRawJson(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(WebhookEvent))
        {
            return;
        }

        // Never written, rather than removed: init-only properties are bound through the constructor's metadata.
        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "raw_json")
            {
                property.ShouldSerialize = static (_, _) => false;
            }
        }
    }
}

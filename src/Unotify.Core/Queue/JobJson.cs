using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>
/// Jobs as stored in Redis: a header line, the job's metadata as one line of UTF-8 JSON, then the event's payload
/// verbatim.
/// </summary>
/// <remarks>
/// <c>unotify-job/2\n{"id":…,"event":{…everything but the payload…},…}\n&lt;payload bytes&gt;</c>. The payload is the
/// bulk of a job and is never escaped, decoded or copied into a string: it is written once into the stored form and
/// handed back as a slice of the bytes Redis returned. The metadata line can hold no raw newline (JSON escapes it
/// inside strings and is written unindented), so the first newline after the header ends it.
/// </remarks>
internal static class JobJson
{
    private static readonly byte[] Header = "unotify-job/2\n"u8.ToArray();

    // Every property of the job but WebhookEvent.Payload, which travels after the metadata line.
    private static readonly JsonTypeInfo<Job> Metadata = (JsonTypeInfo<Job>)new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = StoreJsonContext.Default.WithAddedModifier(WithoutPayload),
    }.GetTypeInfo(typeof(Job));

    // A thread keeps its metadata buffer only while it stays this small: one large delivery's texts (a 20 MB pull
    // request description) would otherwise stay resident on every thread that ever wrote one (bench/README.md).
    private const int MaxRetainedMetadataBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_metadata;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The stored form of <paramref name="job"/>, in an array of its own.</summary>
    public static byte[] Serialize(Job job) => SerializePooled(job).Detach();

    /// <summary>The stored form of <paramref name="job"/>, in a rented buffer (see <see cref="StoredJob"/> for when to return it).</summary>
    public static StoredJob SerializePooled(Job job)
    {
        // The metadata is written into a per-thread buffer: it is copied into the stored form at once, and this runs
        // on every accepted delivery. Large texts get a buffer of their own, sized up front: grown by doubling from 1 KB,
        // 20 MB of texts would allocate 64 MB on the way.
        var estimate = EstimateMetadataBytes(job);
        ArrayBufferWriter<byte> buffer;
        Utf8JsonWriter writer;
        if (estimate > MaxRetainedMetadataBytes)
        {
            buffer = new ArrayBufferWriter<byte>(estimate);
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Metadata.Options.Encoder, SkipValidation = true });
        }
        else
        {
            buffer = t_metadata ??= new ArrayBufferWriter<byte>(1024);
            writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Metadata.Options.Encoder, SkipValidation = true });
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
        }

        JsonSerializer.Serialize(writer, job, Metadata);
        writer.Flush();
        var metadata = buffer.WrittenSpan;
        var payload = job.Event.Payload.Span;
        var stored = StoredJob.Create(Header.Length + metadata.Length + 1 + payload.Length);
        var span = stored.Buffer;
        Header.CopyTo(span);
        metadata.CopyTo(span[Header.Length..]);
        span[Header.Length + metadata.Length] = (byte)'\n';
        payload.CopyTo(span[(Header.Length + metadata.Length + 1)..]);
        if (buffer.Capacity > MaxRetainedMetadataBytes && ReferenceEquals(buffer, t_metadata))
        {
            t_metadata = null;
            t_writer = null;
        }

        return stored;
    }

    /// <summary>The metadata's size in bytes, give or take: its texts in UTF-8, an eighth more for escapes, and 4 KB for the rest.</summary>
    private static int EstimateMetadataBytes(Job job)
    {
        long texts = 0;
        foreach (var text in job.Event.Texts)
        {
            texts += System.Text.Encoding.UTF8.GetByteCount(text.Text) + (text.Origin?.Length ?? 0);
        }

        return (int)Math.Min(int.MaxValue / 2, (texts + (texts / 8) + 4096 + (job.LastError?.Length ?? 0) * 6));
    }

    /// <summary>Reads a stored job; its payload is a slice of <paramref name="stored"/>, which must not change afterwards.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static Job Deserialize(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.AsSpan().StartsWith(Header))
        {
            throw new InvalidDataException("A stored job does not start with the unotify-job/2 header; it was written by something else.");
        }

        var end = stored.AsSpan(Header.Length).IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new InvalidDataException("A stored job has no line break after its metadata; it was truncated or written by something else.");
        }

        Job? job;
        try
        {
            job = JsonSerializer.Deserialize(stored.AsSpan(Header.Length, end), Metadata);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"A stored job's metadata is not valid JSON: {exception.Message}", exception);
        }

        if (job?.Event is null)
        {
            throw new InvalidDataException("A stored job's metadata has no event.");
        }

        return job with { Event = job.Event with { Payload = stored.AsMemory(Header.Length + end + 1) }, StoredForm = stored };
    }

    private static void WithoutPayload(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(WebhookEvent))
        {
            return;
        }

        // Never written, rather than removed: init-only properties are bound through the constructor's metadata.
        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "payload")
            {
                property.ShouldSerialize = static (_, _) => false;
            }
        }
    }
}

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
/// verbatim, or for a payload over <see cref="PartBytes"/> its size, the payload being stored in parts beside it.
/// </summary>
/// <remarks>
/// <para>
/// <c>unotify-job/2\n{"id":…,"event":{…everything but the payload…},…}\n&lt;payload bytes&gt;</c>. The payload is the
/// bulk of a job and is never escaped, decoded or copied into a string: it is written once into the stored form and
/// handed back as a slice of the bytes Redis returned. The metadata line can hold no raw newline (JSON escapes it
/// inside strings and is written unindented), so the first newline after the header ends it.
/// </para>
/// <para>
/// <c>unotify-job/3 parts=N bytes=L\n{…metadata…}\n</c>: the payload (L bytes) is kept in N values of
/// <see cref="PartBytes"/> (the last one shorter) under keys the store names (<see cref="Parts"/> cuts them), so that
/// no key of a Redis grows past 1 MB (see <c>RedisStore.StoresPayloadsInParts</c>). A retry or a dead letter rewrites
/// only the metadata; the parts, named after the job, stay where they are.
/// </para>
/// <para>
/// <c>unotify-job/4 file=H bytes=L\n{…metadata…}\n</c>: the payload (L bytes) is the file named H beside the
/// embedded store (<see cref="PayloadFiles"/>; <see cref="Job.PayloadFile"/>). A job that names a file is always stored
/// naming it, whatever the store's layout for new payloads.
/// </para>
/// </remarks>
internal static class JobJson
{
    /// <summary>The largest part of a payload stored in parts, and the largest payload stored inline: 1 MB.</summary>
    public const int PartBytes = 1024 * 1024;

    private static readonly byte[] Header = "unotify-job/2\n"u8.ToArray();

    private static readonly byte[] PartedHeader = "unotify-job/3 parts="u8.ToArray();

    private static readonly byte[] FileHeader = "unotify-job/4 file="u8.ToArray();

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
    /// <param name="job">The job.</param>
    /// <param name="inline">Keep the payload in the stored form whatever its size, for a value that cannot have parts beside it.</param>
    public static byte[] Serialize(Job job, bool inline = false) => SerializePooled(job, inline).Detach();

    /// <summary>
    /// The stored form of <paramref name="job"/>, in a rented buffer (see <see cref="StoredJob"/> for when to return it):
    /// without its payload when that is over <see cref="PartBytes"/> (write <see cref="Parts"/> of it beside it) unless
    /// <paramref name="inline"/>, and without it when the job names its payload's file (<see cref="Job.PayloadFile"/>).
    /// </summary>
    public static StoredJob SerializePooled(Job job, bool inline = false)
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
        ReadOnlySpan<byte> header = Header;
        if (job.PayloadFile is { } file)
        {
            header = System.Text.Encoding.ASCII.GetBytes(string.Create(
                System.Globalization.CultureInfo.InvariantCulture, $"unotify-job/4 file={file} bytes={payload.Length}\n"));
            payload = [];
        }
        else if (!inline && payload.Length > PartBytes)
        {
            header = System.Text.Encoding.ASCII.GetBytes(string.Create(
                System.Globalization.CultureInfo.InvariantCulture, $"unotify-job/3 parts={PartCount(payload.Length)} bytes={payload.Length}\n"));
            payload = [];
        }

        var stored = StoredJob.Create(header.Length + metadata.Length + 1 + payload.Length);
        var span = stored.Buffer;
        header.CopyTo(span);
        metadata.CopyTo(span[header.Length..]);
        span[header.Length + metadata.Length] = (byte)'\n';
        payload.CopyTo(span[(header.Length + metadata.Length + 1)..]);
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

    /// <summary>How many parts a payload of <paramref name="payloadBytes"/> is stored in: 0 (inline) up to <see cref="PartBytes"/>.</summary>
    public static int PartCount(int payloadBytes) => payloadBytes <= PartBytes ? 0 : (int)(((long)payloadBytes + PartBytes - 1) / PartBytes);

    /// <summary>The parts of <paramref name="payload"/>, first to last, as slices of it; none for a payload stored inline.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Parts(ReadOnlyMemory<byte> payload)
    {
        var count = PartCount(payload.Length);
        for (var i = 0; i < count; i++)
        {
            var start = i * PartBytes;
            yield return payload.Slice(start, Math.Min(PartBytes, payload.Length - start));
        }
    }

    /// <summary>How many parts beside it the stored job <paramref name="stored"/> has (0 for a payload inside it or in a file).</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static int PartsOf(ReadOnlySpan<byte> stored) => ReadHeader(stored).Parts;

    /// <summary>Whether the stored job <paramref name="stored"/> holds its payload (neither in parts nor in a file).</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static bool HoldsPayload(ReadOnlySpan<byte> stored) => ReadHeader(stored) is { Parts: 0, File: null };

    /// <summary>The payload file the stored job <paramref name="stored"/> names and the payload's size, or <see langword="null"/> when it names none.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static (string Name, int PayloadBytes)? FileOf(ReadOnlySpan<byte> stored) =>
        ReadHeader(stored) is { File: { } file } header ? (file, header.PayloadBytes) : null;

    /// <summary>
    /// The payload file named by <paramref name="value"/>, any value read from the store (a job, or the start of one),
    /// or <see langword="null"/> when it is not a job that names one: never throws, for scans of every key.
    /// </summary>
    public static string? FileNamedBy(ReadOnlySpan<byte> value)
    {
        if (!value.StartsWith(FileHeader) || value.Length < FileHeader.Length + PayloadFiles.NameLength)
        {
            return null;
        }

        var name = System.Text.Encoding.ASCII.GetString(value.Slice(FileHeader.Length, PayloadFiles.NameLength));
        return PayloadFiles.IsName(name) ? name : null;
    }

    /// <summary>How many parts beside it the stored job <paramref name="stored"/> has, and its payload's size when it has any.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static (int Parts, int PayloadBytes) PartsLayout(ReadOnlySpan<byte> stored)
    {
        var (_, parts, payloadBytes, _) = ReadHeader(stored);
        return (parts, payloadBytes);
    }

    /// <summary>Reads a stored job whose payload is inside it; the payload is a slice of <paramref name="stored"/>, which must not change afterwards.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job, or its payload is stored in parts.</exception>
    public static Job Deserialize(byte[] stored) => Deserialize(stored, joined: null, withoutParts: false);

    /// <summary>
    /// Reads a stored job whose payload is in parts, with the parts already put together in <paramref name="payload"/>
    /// (<see cref="CopyPart"/>), or in a file, read into <paramref name="payload"/>; the payload is not copied again.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job whose payload is in parts or a file of that size.</exception>
    public static Job DeserializeJoined(byte[] stored, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Deserialize(stored, payload, withoutParts: false);
    }

    /// <summary>
    /// Copies part number <paramref name="number"/> (from 1) of <paramref name="count"/>, as read, into its place in
    /// <paramref name="payload"/> (as large as the header says), after checking it is there and of its size.
    /// </summary>
    /// <exception cref="InvalidDataException">The part is <paramref name="missing"/> or of the wrong size.</exception>
    public static void CopyPart(byte[] payload, int count, int number, ReadOnlySpan<byte> part, bool missing)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (missing)
        {
            throw new InvalidDataException($"Part {number} of {count} of a stored job's payload is missing.");
        }

        var start = (number - 1) * PartBytes;
        var expected = Math.Min(PartBytes, payload.Length - start);
        if (part.Length != expected)
        {
            throw new InvalidDataException($"Part {number} of {count} of a stored job's payload has {part.Length} bytes instead of {expected}.");
        }

        part.CopyTo(payload.AsSpan(start));
    }

    /// <summary>Reads a stored job without the payload of one whose payload is stored in parts (its payload is then empty): for listings.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not a job.</exception>
    public static Job DeserializeWithoutParts(byte[] stored) => Deserialize(stored, joined: null, withoutParts: true);

    private static Job Deserialize(byte[] stored, byte[]? joined, bool withoutParts)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var (headerLength, partCount, payloadBytes, file) = ReadHeader(stored);
        var end = stored.AsSpan(headerLength).IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new InvalidDataException("A stored job has no line break after its metadata; it was truncated or written by something else.");
        }

        ReadOnlyMemory<byte> payload = stored.AsMemory(headerLength + end + 1);
        if (partCount > 0 || file is not null)
        {
            if (payload.Length != 0)
            {
                throw new InvalidDataException("A stored job whose payload is in parts or a file has bytes after its metadata; it was written by something else.");
            }

            payload = withoutParts ? ReadOnlyMemory<byte>.Empty
                : joined is null ? throw new InvalidDataException(file is null ? $"A stored job's payload is in {partCount} parts, which were not read." : $"A stored job's payload is in file {file}, which was not read.")
                : joined.Length == payloadBytes ? joined
                : throw new InvalidDataException($"A stored job's payload has {payloadBytes} bytes, but {joined.Length} were read.");
        }
        else if (joined is not null)
        {
            throw new InvalidDataException("A stored job with its payload inside it was read with parts.");
        }

        Job? job;
        try
        {
            job = JsonSerializer.Deserialize(stored.AsSpan(headerLength, end), Metadata);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"A stored job's metadata is not valid JSON: {exception.Message}", exception);
        }

        if (job?.Event is null)
        {
            throw new InvalidDataException("A stored job's metadata has no event.");
        }

        return job with { Event = job.Event with { Payload = payload }, StoredForm = stored, PayloadFile = file };
    }

    /// <summary>The header's length, for a payload in parts their number and its size, for a payload in a file its name and size.</summary>
    private static (int Length, int Parts, int PayloadBytes, string? File) ReadHeader(ReadOnlySpan<byte> stored)
    {
        if (stored.StartsWith(Header))
        {
            return (Header.Length, 0, 0, null);
        }

        if (stored.StartsWith(FileHeader))
        {
            return ReadFileHeader(stored);
        }

        if (!stored.StartsWith(PartedHeader))
        {
            throw new InvalidDataException("A stored job does not start with the unotify-job/2, /3 or /4 header; it was written by something else.");
        }

        var line = stored[..Math.Min(stored.Length, 64)];
        var newline = line.IndexOf((byte)'\n');
        var text = newline < 0 ? null : System.Text.Encoding.ASCII.GetString(line[PartedHeader.Length..newline]);
        var fields = text?.Split(" bytes=");
        if (fields is not { Length: 2 }
            || !int.TryParse(fields[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parts)
            || !int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
            || parts < 1 || parts != PartCount(bytes))
        {
            throw new InvalidDataException("A stored job's unotify-job/3 header does not say how many parts of how many bytes it has ('parts=N bytes=L'); it was written by something else.");
        }

        return (newline + 1, parts, bytes, null);
    }

    private static (int Length, int Parts, int PayloadBytes, string? File) ReadFileHeader(ReadOnlySpan<byte> stored)
    {
        var line = stored[..Math.Min(stored.Length, 128)];
        var newline = line.IndexOf((byte)'\n');
        var text = newline < 0 ? null : System.Text.Encoding.ASCII.GetString(line[FileHeader.Length..newline]);
        var fields = text?.Split(" bytes=");
        if (fields is not { Length: 2 }
            || !PayloadFiles.IsName(fields[0])
            || !int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes))
        {
            throw new InvalidDataException("A stored job's unotify-job/4 header does not name its payload's file and size ('file=<sha-256> bytes=L'); it was written by something else.");
        }

        return (newline + 1, 0, bytes, fields[0]);
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

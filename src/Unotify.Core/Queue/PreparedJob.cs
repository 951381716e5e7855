namespace Unotify.Core.Queue;

/// <summary>
/// A job ready to be queued: its stored form and, for a payload over <see cref="JobJson.PartBytes"/>, the payload's
/// parts, each in a buffer of its own (see <see cref="StoredJob"/> for when to give them back).
/// </summary>
/// <remarks>
/// The parts are copies, not slices of the event's payload: that memory is the request's and is reused once it is
/// answered, while StackExchange.Redis may still be writing a command after it reported a timeout.
/// </remarks>
internal sealed class PreparedJob
{
    private PreparedJob(Job job, StoredJob stored, StoredJob[] parts)
    {
        Job = job;
        Stored = stored;
        Parts = parts;
    }

    /// <summary>The job.</summary>
    public Job Job { get; }

    /// <summary>The job's id.</summary>
    public string Id => Job.Id;

    /// <summary>The job's stored form (without its payload when that is in <see cref="Parts"/>).</summary>
    public StoredJob Stored { get; }

    /// <summary>The payload's parts, first to last; empty when the payload is inside <see cref="Stored"/>.</summary>
    public IReadOnlyList<StoredJob> Parts { get; }

    /// <summary>Serializes <paramref name="job"/> and, when its payload goes in parts, copies them; a job that names its payload's file has none.</summary>
    /// <param name="job">The job.</param>
    /// <param name="inParts">Whether a payload over <see cref="JobJson.PartBytes"/> goes in parts (<c>RedisStore.StoresPayloadsInParts</c>).</param>
    /// <returns>The prepared job.</returns>
    public static PreparedJob Of(Job job, bool inParts)
    {
        var stored = JobJson.SerializePooled(job, inline: !inParts);
        // The stored form's header says whether its payload went in parts (not when inline, nor when it names a file).
        var count = JobJson.PartsOf(stored.Buffer);
        if (count == 0)
        {
            return new PreparedJob(job, stored, []);
        }

        var parts = new StoredJob[count];
        var i = 0;
        foreach (var part in JobJson.Parts(job.Event.Payload))
        {
            parts[i] = StoredJob.Create(part.Length, pooled: false);
            part.Span.CopyTo(parts[i].Buffer);
            i++;
        }

        return new PreparedJob(job, stored, parts);
    }

    /// <summary>Gives every buffer back; only once the store has answered the commands that carried them.</summary>
    public void Return()
    {
        Stored.Return();
        foreach (var part in Parts)
        {
            part.Return();
        }
    }
}

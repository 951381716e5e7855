namespace Unotify.Core.Queue;

/// <summary>A fetched job and the token of its lease; only the current token can renew, ack, retry, dead-letter or release it.</summary>
/// <param name="Job">The job, with <see cref="Job.Attempt"/> the attempt now being made.</param>
/// <param name="Token">The lease token (fencing: a consumer whose lease expired cannot settle another consumer's lease).</param>
public sealed record LeasedJob(Job Job, string Token)
{
    /// <summary>The partition of the worker's queue the job was fetched from (0 unless the worker has <c>partitions:</c>).</summary>
    internal int Partition { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"LeasedJob {{ {Job.Worker}/{Job.Id}, attempt {Job.Attempt} }}";
}

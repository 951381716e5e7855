using Unotify.Core.Queue;

namespace Unotify.Core.History;

/// <summary>Where a consumer records each attempt it settles (<see cref="RedisDeliveryHistory"/>).</summary>
public interface IAttemptHistory
{
    /// <summary>Records <paramref name="attempt"/> of <paramref name="job"/>; best effort, never throws.</summary>
    /// <param name="job">The job.</param>
    /// <param name="attempt">What the attempt did.</param>
    /// <returns>The write, already started.</returns>
    Task RecordAttemptAsync(Job job, AttemptRecord attempt);
}

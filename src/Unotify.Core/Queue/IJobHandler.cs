using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>Runs one attempt at a job; the host implements it by calling the worker's processor plugin.</summary>
public interface IJobHandler
{
    /// <summary>Processes the job of <paramref name="leased"/>.</summary>
    /// <param name="leased">The job, with its attempt number and last error, and the lease this attempt holds.</param>
    /// <param name="cancellationToken">Cancelled when the job's lease was lost or on shutdown after the drain timeout.</param>
    /// <returns>Done (ack), Retry (back off, or dead-letter after the last attempt) or Fail (dead-letter). A thrown exception counts as Retry.</returns>
    Task<ProcessingResult> HandleAsync(LeasedJob leased, CancellationToken cancellationToken);
}

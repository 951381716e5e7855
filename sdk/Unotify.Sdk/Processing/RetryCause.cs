namespace Unotify.Sdk;

/// <summary>
/// Why an attempt asks to be retried, as far as the worker's circuit breaker and rate limit are concerned: an outage of
/// the service the processor talks to is not the job's fault and is handled for the whole worker, not job by job.
/// </summary>
public enum RetryCause
{
    /// <summary>Something particular to this job (a claim held by another attempt, a conflict); counts as an attempt.</summary>
    Other,

    /// <summary>
    /// The service could not be reached, timed out or answered 5xx. Enough of these in a row open the worker's circuit:
    /// the worker stops fetching and probes with one job after a cool-down, and its queued jobs keep their attempts.
    /// </summary>
    Unavailable,

    /// <summary>
    /// The service answered 429 (too many requests). Counts towards the circuit like <see cref="Unavailable"/>; when
    /// the result carries a delay (<c>Retry-After</c>), every request of the worker waits it out, not only this job.
    /// </summary>
    Throttled,
}

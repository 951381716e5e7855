namespace Unotify.Core.Queue;

/// <summary>A fetched job whose stored bytes are not a job; it went to the dead letters unchanged instead of to a processor.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Error">Why it could not be read.</param>
public sealed record UnreadableJob(string Id, string Error);

namespace Unotify.Core.Queue;

/// <summary>A job that failed for good: its processor returned Fail, its attempts ran out, or its stored bytes could not be read.</summary>
/// <param name="Job">The job as it was last attempted.</param>
/// <param name="Error">The last error.</param>
/// <param name="Attempts">How many attempts were made; 0 for a job whose stored bytes could not be read, which never reached a processor.</param>
/// <param name="DeadAt">When it was dead-lettered.</param>
public sealed record DeadLetter(Job Job, string Error, int Attempts, DateTimeOffset DeadAt);

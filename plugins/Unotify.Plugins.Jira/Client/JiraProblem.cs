namespace Unotify.Plugins.Jira;

/// <summary>A Jira request that did not succeed.</summary>
/// <param name="Kind">What kind of problem, which decides what the processor does.</param>
/// <param name="Message">The request, Jira's answer and its error messages, for the job's result and the log.</param>
/// <param name="RetryAfter">The delay Jira asked for with <c>Retry-After</c>, if any.</param>
internal sealed record JiraProblem(JiraProblemKind Kind, string Message, TimeSpan? RetryAfter = null);

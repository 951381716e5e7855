using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// Links a ticket an event names to the pull request, commit or release the event is about (setting <c>link</c>,
/// on by default). No claim is needed: Jira updates the link with the same global id instead of adding another, so a
/// redelivery or a retry links again harmlessly.
/// </summary>
internal sealed class RemoteLinker(JiraClient jira, JiraSettings settings)
{
    /// <summary>
    /// Links the ticket of <paramref name="outcome"/> when Jira knows it, and says so in the outcome. A Jira that cannot
    /// be reached turns the outcome into a retry (the move is not made again); a Jira that refuses the link (the account
    /// may not link issues) is said in the outcome and fails nothing.
    /// </summary>
    public async Task<TicketOutcome> LinkAsync(
        TicketOutcome outcome, CodeReference reference, string provider, ProcessorContext context, CancellationToken cancellationToken)
    {
        if (!outcome.TicketExists)
        {
            return outcome;
        }

        if (settings.DryRun || context.Simulate)
        {
            return outcome.Noting($"would link to {reference.Name}");
        }

        var linked = await jira.AddRemoteLinkAsync(outcome.Key, reference, provider, cancellationToken).ConfigureAwait(false);
        if (linked.Succeeded)
        {
            return outcome.Noting($"linked to {reference.Name}");
        }

        context.Logger.LinkRefused(outcome.Key, reference.Url, linked.Problem.Message);
        return linked.Problem.Kind is JiraProblemKind.Unavailable or JiraProblemKind.Throttled
            ? outcome.RetryingFollowUp($"the link to {reference.Name}", linked.Problem)
            : outcome.Noting($"Jira refused the link to {reference.Name} ({linked.Problem.Message}); set link: false under the worker's settings to stop linking");
    }
}

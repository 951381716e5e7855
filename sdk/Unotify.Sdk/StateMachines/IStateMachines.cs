namespace Unotify.Sdk;

/// <summary>
/// The state machines of one worker, one per project (a provisioner in the worker's HCL state file), limited to the
/// projects the worker lists.
/// </summary>
/// <remarks>
/// A processor that moves tickets takes it in its constructor; the host supplies the one of the worker it creates the
/// processor for. Implementations are immutable after start-up and safe to call from many threads.
/// </remarks>
public interface IStateMachines
{
    /// <summary>The event the worker fires when nothing names another (<c>event:</c> in <c>workers.yaml</c>, default <c>next</c>).</summary>
    string Event { get; }

    /// <summary>The projects this worker handles, as upper-case keys (<c>SOC</c>, <c>DEVHOP</c>).</summary>
    IReadOnlyCollection<string> Projects { get; }

    /// <summary>Whether the worker handles <paramref name="project"/> (compared case-insensitively).</summary>
    /// <param name="project">A project key such as <c>SOC</c>.</param>
    /// <returns><see langword="true"/> when the worker lists the project and has a state machine for it.</returns>
    bool Handles(string project);

    /// <summary>
    /// Where a ticket of <paramref name="project"/> whose Jira status is <paramref name="currentStatus"/> goes when
    /// <paramref name="eventName"/> fires.
    /// </summary>
    /// <param name="project">The project key, in any case.</param>
    /// <param name="currentStatus">The ticket's status name exactly as Jira returns it (<c>To Do</c>).</param>
    /// <param name="eventName">The state-machine event, for example <c>next</c>.</param>
    /// <returns>The next state, the end of the machine, or why there is no next state.</returns>
    StateMachineStep Next(string project, string currentStatus, string eventName);
}

namespace Unotify.Sdk.Testing;

/// <summary>The state machines of a worker without a state file (a notifier's worker): no projects.</summary>
public sealed class NoStateMachines : IStateMachines
{
    /// <summary>The one instance.</summary>
    public static NoStateMachines Instance { get; } = new();

    /// <inheritdoc />
    public string Event => "next";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Projects => [];

    /// <inheritdoc />
    public bool Handles(string project) => false;

    /// <inheritdoc />
    public StateMachineStep Next(string project, string currentStatus, string eventName) =>
        new StateMachineStep.Unavailable($"the worker has no state file, so project '{project}' has no state machine");
}

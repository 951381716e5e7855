namespace Unotify.StateMachines;

/// <summary>Why <see cref="StateMachineEngine"/> found no next state.</summary>
public enum TransitionRejection
{
    /// <summary>The file has no provisioner for the project.</summary>
    UnknownProject,

    /// <summary>No state of the project's machine is aliased to the Jira status.</summary>
    UnaliasedStatus,

    /// <summary>The project's machine has no state with that id.</summary>
    UnknownState,

    /// <summary>The state has no transition for the event.</summary>
    UndefinedEvent,
}

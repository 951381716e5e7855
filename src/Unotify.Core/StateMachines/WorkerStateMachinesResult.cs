namespace Unotify.Core.StateMachines;

/// <summary>The outcome of <see cref="WorkerStateMachines.Create"/>: the state machines, or the start-up errors that stop them.</summary>
/// <param name="StateMachines">The worker's state machines, or <see langword="null"/> when there are errors.</param>
/// <param name="Errors">What is wrong, each naming the worker, the project and the file, and how to fix it.</param>
public sealed record WorkerStateMachinesResult(WorkerStateMachines? StateMachines, IReadOnlyList<string> Errors)
{
    /// <summary>Whether <see cref="StateMachines"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(StateMachines))]
    public bool Succeeded => StateMachines is not null;
}

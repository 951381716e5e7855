using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier.Tests;

/// <summary>A worker without a state file, as a notifier's worker is.</summary>
public sealed class NoStateMachines : IStateMachines
{
    public IReadOnlyCollection<string> Projects => [];

    public bool Handles(string project) => false;

    public StateMachineStep Next(string project, string currentStatus, string eventName) =>
        new StateMachineStep.Unavailable("this worker has no state file");
}

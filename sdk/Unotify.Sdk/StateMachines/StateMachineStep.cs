using System.Text.Json;

namespace Unotify.Sdk;

/// <summary>The answer of <see cref="IStateMachines.Next"/>.</summary>
public abstract record StateMachineStep
{
    private protected StateMachineStep()
    {
    }

    /// <summary>The ticket moves to another state.</summary>
    /// <param name="FromStateId">The state the current status maps to (<c>to_do</c>).</param>
    /// <param name="StateId">The next state's id in the HCL file (<c>in_progress</c>).</param>
    /// <param name="StatusName">The next state's Jira status name (<c>In Progress</c>): the transition's target.</param>
    public sealed record Move(string FromStateId, string StateId, string StatusName) : StateMachineStep
    {
        private static readonly IReadOnlyDictionary<string, JsonElement> NoFields = new Dictionary<string, JsonElement>();

        /// <summary>
        /// The fields to send with the transition into the next state, by Jira field id (<c>resolution</c> →
        /// <c>{"name":"Done"}</c>), from the state's <c>state "done" { fields = { … } }</c> block; empty when it has none.
        /// </summary>
        public IReadOnlyDictionary<string, JsonElement> Fields { get; init; } = NoFields;
    }

    /// <summary>The current state's transition for the event is <c>&lt;end&gt;</c>: there is nothing to do.</summary>
    /// <param name="StateId">The current state's id.</param>
    public sealed record End(string StateId) : StateMachineStep;

    /// <summary>There is no next state; <paramref name="Reason"/> says why (unknown project, a status with no alias, no transition for the event).</summary>
    /// <param name="Reason">A message naming the project, the status or state and the event.</param>
    public sealed record Unavailable(string Reason) : StateMachineStep;
}

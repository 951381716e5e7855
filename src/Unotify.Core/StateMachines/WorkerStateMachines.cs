using System.Text.Json;
using Unotify.Sdk;
using Unotify.StateMachines;

namespace Unotify.Core.StateMachines;

/// <summary>
/// The state machines one worker hands its processor's constructor: the machines of the projects it lists in
/// <c>workers.yaml</c>, taken from its state file, and the event it fires.
/// </summary>
/// <remarks>Immutable and safe to call from many threads.</remarks>
public sealed class WorkerStateMachines : IStateMachines
{
    private readonly string _workerName;
    private readonly StateMachineEngine _engine;
    private readonly HashSet<string> _projects;

    // Each state's fields parsed once (keyed by their JSON, which the loaded machines keep one copy of per state), not
    // on every move into the state.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<string, JsonElement>> _fields = new(StringComparer.Ordinal);

    private WorkerStateMachines(string workerName, string eventName, StateMachineEngine engine, IReadOnlyList<string> projects)
    {
        _workerName = workerName;
        Event = eventName;
        _engine = engine;
        Projects = projects;
        _projects = new HashSet<string>(projects, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public string Event { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Projects { get; }

    /// <summary>The state machines of a worker that has no state file: it handles no project.</summary>
    /// <param name="workerName">The worker's name, for messages.</param>
    /// <param name="eventName">The event the worker fires (<c>event:</c>).</param>
    public static WorkerStateMachines None(string workerName, string eventName = "next") =>
        new(workerName, eventName, new StateMachineEngine(StateMachineSet.Empty), []);

    /// <summary>
    /// The state machines of <paramref name="workerName"/> for <paramref name="projects"/> (any case). Every project
    /// must have a provisioner in <paramref name="set"/>, loaded from <paramref name="stateFile"/>; each one that has
    /// none is an error naming the worker, the project and the file.
    /// </summary>
    public static WorkerStateMachinesResult Create(
        string workerName,
        string eventName,
        string stateFile,
        StateMachineSet set,
        IEnumerable<string> projects)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(projects);
        var errors = new List<string>();
        var keys = new List<string>();
        foreach (var project in projects)
        {
            if (string.IsNullOrWhiteSpace(project))
            {
                errors.Add($"worker \"{workerName}\" lists an empty project in projects; write project keys such as [devhop, soc]");
            }
            else if (!set.TryGet(project, out _))
            {
                errors.Add(
                    $"worker \"{workerName}\" lists project \"{project}\", but {stateFile} has no provisioner \"{project.ToLowerInvariant()}\" (it declares: {string.Join(", ", set.ProjectKeys)}); add provisioner \"{project.ToLowerInvariant()}\" to {stateFile} or remove {project} from the worker's projects");
            }
            else if (!keys.Contains(project.ToUpperInvariant()))
            {
                keys.Add(project.ToUpperInvariant());
            }
        }

        return errors.Count > 0
            ? new WorkerStateMachinesResult(null, errors)
            : new WorkerStateMachinesResult(new WorkerStateMachines(workerName, eventName, new StateMachineEngine(set), keys), []);
    }

    /// <summary>The fields of the state the ticket moves into, as the SDK gives them (the file checked they are an object of literals).</summary>
    private IReadOnlyDictionary<string, JsonElement> FieldsOf(string json) =>
        _fields.GetOrAdd(json, static text =>
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.EnumerateObject().ToDictionary(field => field.Name, field => field.Value.Clone(), StringComparer.Ordinal);
        });

    /// <inheritdoc />
    public bool Handles(string project) => _projects.Contains(project);

    /// <inheritdoc />
    public StateMachineStep Next(string project, string currentStatus, string eventName)
    {
        if (!Handles(project))
        {
            var handled = Projects.Count == 0 ? "it handles no project" : $"it handles: {string.Join(", ", Projects)}";
            return new StateMachineStep.Unavailable($"worker \"{_workerName}\" does not handle project \"{project}\"; {handled}");
        }

        return _engine.NextFromStatus(project, currentStatus, eventName) switch
        {
            StateTransitionOutcome.Moved moved => moved.FieldsJson is null
                ? new StateMachineStep.Move(moved.FromStateId, moved.StateId, moved.StatusName)
                : new StateMachineStep.Move(moved.FromStateId, moved.StateId, moved.StatusName) { Fields = FieldsOf(moved.FieldsJson) },
            StateTransitionOutcome.Ended ended => new StateMachineStep.End(ended.FromStateId),
            StateTransitionOutcome.Rejected rejected => new StateMachineStep.Unavailable(rejected.Message),
            var other => throw new InvalidOperationException($"unexpected state-machine outcome {other}"),
        };
    }
}

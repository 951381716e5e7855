using Unotify.Core.Configuration;
using Unotify.Sdk;
using Unotify.StateMachines;

namespace Unotify.Core.StateMachines;

/// <summary>
/// Loads each worker's state file (once per file) and builds its <see cref="IStateMachines"/>; every error names the
/// file, the key and the fix, and each warning (an unreachable state, no path to the end) is passed on for the log.
/// </summary>
public static class StateMachineCatalog
{
    /// <summary>The state machines of every worker of <paramref name="workers"/>, by worker name.</summary>
    /// <param name="workers">The validated workers file.</param>
    /// <param name="errors">Receives an error for each problem of a state file or of a worker's <c>projects:</c>.</param>
    /// <param name="warnings">Receives each state file's warnings, once per file.</param>
    /// <returns>The machines of every worker that has no error (one with no state file handles no project).</returns>
    public static IReadOnlyDictionary<string, IStateMachines> Load(WorkersFile workers, List<ConfigurationError> errors, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        var machines = new Dictionary<string, IStateMachines>(StringComparer.Ordinal);
        var loaded = new Dictionary<string, StateMachineLoadResult>(StringComparer.Ordinal);
        foreach (var worker in workers.Workers)
        {
            if (worker.StateFile is null)
            {
                machines[worker.Name] = WorkerStateMachines.None(worker.Name, worker.StateMachineEvent);
                continue;
            }

            var key = $"workers.{worker.Name}.statefile";
            if (!loaded.TryGetValue(worker.StateFile, out var result))
            {
                result = StateMachineLoader.LoadFile(worker.StateFile);
                loaded[worker.StateFile] = result;
                warnings.AddRange(result.Warnings.Select(warning => warning.ToString()));
                foreach (var error in result.Errors)
                {
                    errors.Add(new ConfigurationError(error.File, key, error.Line, error.Column, error.Message + ".", "correct the state file (the README's 'State machines' section describes the dialect)."));
                }
            }

            if (!result.Succeeded)
            {
                continue;
            }

            var created = WorkerStateMachines.Create(worker.Name, worker.StateMachineEvent, worker.StateFile, result.Set, worker.Projects);
            if (created.StateMachines is { } stateMachines)
            {
                machines[worker.Name] = stateMachines;
            }
            else
            {
                errors.AddRange(created.Errors.Select(error => new ConfigurationError(workers.Path, $"workers.{worker.Name}.projects", 0, 0, error + ".", "list only projects that the state file declares.")));
            }
        }

        return machines;
    }
}

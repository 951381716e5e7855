using Unotify.Core.Configuration;
using Unotify.Core.StateMachines;
using Unotify.Sdk;
using Unotify.StateMachines;

namespace Unotify.Host.Workers;

/// <summary>
/// Loads each worker's state file (once per file) and builds its <see cref="IStateMachines"/>; every error names the
/// file, the key and the fix, and each warning (an unreachable state, no path to the end) is passed on for the log.
/// </summary>
internal static class StateMachineCatalog
{
    public static IReadOnlyDictionary<string, IStateMachines> Load(WorkersFile workers, List<ConfigurationError> errors, List<string> warnings)
    {
        var machines = new Dictionary<string, IStateMachines>(StringComparer.Ordinal);
        var loaded = new Dictionary<string, StateMachineLoadResult>(StringComparer.Ordinal);
        foreach (var worker in workers.Workers)
        {
            if (worker.StateFile is null)
            {
                machines[worker.Name] = WorkerStateMachines.None(worker.Name);
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
                    errors.Add(new ConfigurationError(error.File, key, error.Line, error.Column, error.Message + ".", "correct the state file (DESIGN §5 describes the dialect)."));
                }
            }

            if (!result.Succeeded)
            {
                continue;
            }

            var created = WorkerStateMachines.Create(worker.Name, worker.StateFile, result.Set, worker.Projects);
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

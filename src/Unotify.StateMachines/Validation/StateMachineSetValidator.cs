namespace Unotify.StateMachines;

/// <summary>
/// Pairs each provisioner with its aliasmapper and statemachine (nested inside it, or beside it with the same name),
/// checks that the names agree, and validates each machine.
/// </summary>
internal static class StateMachineSetValidator
{
    public static StateMachineSet? Validate(StateMachineFileDeclaration file, DiagnosticBag diagnostics)
    {
        var provisioners = DistinctProvisioners(file.Provisioners, diagnostics);
        var keys = provisioners.Select(p => p.Name.Value).ToArray();
        ReportUnmatched("aliasmapper", file.AliasMappers.Select(a => a.Name), keys, diagnostics);
        ReportUnmatched("statemachine", file.StateMachines.Select(s => s.Name), keys, diagnostics);

        var machines = new List<ProjectStateMachine>();
        foreach (var provisioner in provisioners)
        {
            var aliasMapper = PickOne(
                provisioner,
                "aliasmapper",
                "{ aliases = { … } }",
                provisioner.AliasMappers.Select(a => (a.Name, a)),
                file.AliasMappers.Select(a => (a.Name, a)),
                diagnostics);
            var stateMachine = PickOne(
                provisioner,
                "statemachine",
                "{ initial = \"…\" … }",
                provisioner.StateMachines.Select(s => (s.Name, s)),
                file.StateMachines.Select(s => (s.Name, s)),
                diagnostics);
            if (aliasMapper is not null && stateMachine is not null)
            {
                var machine = ProjectStateMachineValidator.Validate(provisioner.Name.Value, aliasMapper, stateMachine, diagnostics);
                if (machine is not null)
                {
                    machines.Add(machine);
                }
            }
        }

        return diagnostics.HasErrors ? null : new StateMachineSet(machines);
    }

    private static List<ProvisionerDeclaration> DistinctProvisioners(
        IReadOnlyList<ProvisionerDeclaration> declared,
        DiagnosticBag diagnostics)
    {
        var first = new Dictionary<string, ProvisionerDeclaration>(StringComparer.Ordinal);
        foreach (var provisioner in declared)
        {
            var name = provisioner.Name;
            var lower = name.Value.ToLowerInvariant();
            if (!string.Equals(name.Value, lower, StringComparison.Ordinal))
            {
                diagnostics.Error(
                    name.Location,
                    $"provisioner \"{name.Value}\" must be named with the lower-case Jira project key: provisioner \"{lower}\"");
            }

            if (first.TryGetValue(name.Value, out var earlier))
            {
                diagnostics.Error(
                    name.Location,
                    $"duplicate provisioner \"{name.Value}\": it is already declared at {Describe.Position(earlier.Name.Location)}; merge the two blocks or remove one");
            }
            else
            {
                first.Add(name.Value, provisioner);
            }
        }

        return [.. first.Values];
    }

    private static void ReportUnmatched(
        string blockType,
        IEnumerable<LocatedText> topLevelNames,
        IReadOnlyCollection<string> provisionerKeys,
        DiagnosticBag diagnostics)
    {
        foreach (var name in topLevelNames.Where(n => !provisionerKeys.Contains(n.Value, StringComparer.Ordinal)))
        {
            var fix = provisionerKeys.Count == 0
                ? $"add provisioner \"{name.Value}\" {{ }}"
                : $"add provisioner \"{name.Value}\" {{ }} or rename it to one of: {Describe.List(provisionerKeys)}";
            diagnostics.Error(name.Location, $"{blockType} \"{name.Value}\" matches no provisioner; {fix}");
        }
    }

    /// <summary>
    /// The one block of <paramref name="blockType"/> for <paramref name="provisioner"/>: nested ones (whose name must
    /// agree) or top-level ones with the provisioner's name. None, or more than one, is an error.
    /// </summary>
    private static T? PickOne<T>(
        ProvisionerDeclaration provisioner,
        string blockType,
        string bodyExample,
        IEnumerable<(LocatedText Name, T Block)> nested,
        IEnumerable<(LocatedText Name, T Block)> topLevel,
        DiagnosticBag diagnostics)
        where T : class
    {
        var key = provisioner.Name.Value;
        var nestedList = nested.ToList();
        foreach (var (name, _) in nestedList.Where(n => !string.Equals(n.Name.Value, key, StringComparison.Ordinal)))
        {
            diagnostics.Error(
                name.Location,
                $"id mismatch: {blockType} \"{name.Value}\" is inside provisioner \"{key}\"; rename it to \"{key}\" (names inside a provisioner must agree)");
        }

        var candidates = nestedList
            .Concat(topLevel.Where(t => string.Equals(t.Name.Value, key, StringComparison.Ordinal)))
            .OrderBy(c => c.Name.Location.Line)
            .ThenBy(c => c.Name.Location.Column)
            .ToList();
        if (candidates.Count == 0)
        {
            diagnostics.Error(
                provisioner.Name.Location,
                $"provisioner \"{key}\" has no {blockType}; add {blockType} \"{key}\" {bodyExample} inside it or beside it");
            return null;
        }

        foreach (var (name, _) in candidates.Skip(1))
        {
            diagnostics.Error(
                name.Location,
                $"provisioner \"{key}\" has a second {blockType} (the first is at {Describe.Position(candidates[0].Name.Location)}); keep one");
        }

        return candidates[0].Block;
    }
}

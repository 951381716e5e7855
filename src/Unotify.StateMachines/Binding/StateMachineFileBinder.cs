namespace Unotify.StateMachines;

/// <summary>
/// Turns a parsed HCL document into the dialect's declarations, reporting every structural problem (unknown block
/// or attribute, missing or extra label, wrong type) and skipping only the broken part.
/// </summary>
internal static class StateMachineFileBinder
{
    public static StateMachineFileDeclaration Bind(HclDocument document, DiagnosticBag diagnostics)
    {
        var reader = new BlockReader(document.FileName, diagnostics);
        var body = document.Body;
        foreach (var attribute in body.Attributes)
        {
            diagnostics.Error(
                reader.At(attribute.NameRange.Start),
                $"unexpected attribute \"{attribute.Name}\" at the top level; a state-machine file holds only provisioner, aliasmapper and statemachine blocks");
        }

        var provisioners = new List<ProvisionerDeclaration>();
        var aliasMappers = new List<AliasMapperDeclaration>();
        var stateMachines = new List<StateMachineDeclaration>();
        foreach (var block in body.Blocks)
        {
            switch (block.Type)
            {
                case "provisioner":
                    AddIfBound(provisioners, BindProvisioner(block, reader));
                    break;
                case "aliasmapper":
                    AddIfBound(aliasMappers, BindAliasMapper(block, reader));
                    break;
                case "statemachine":
                    AddIfBound(stateMachines, BindStateMachine(block, reader));
                    break;
                default:
                    diagnostics.Error(
                        reader.At(block.TypeRange.Start),
                        $"unknown block \"{block.Type}\" at the top level; expected provisioner, aliasmapper or statemachine");
                    break;
            }
        }

        return new StateMachineFileDeclaration(provisioners, aliasMappers, stateMachines);
    }

    private static ProvisionerDeclaration? BindProvisioner(HclBlock block, BlockReader reader)
    {
        var (labels, _) = reader.Open(block, BlockShape.Provisioner);
        var aliasMappers = new List<AliasMapperDeclaration>();
        var stateMachines = new List<StateMachineDeclaration>();
        foreach (var nested in block.Body.Blocks)
        {
            if (nested.Type == BlockShape.AliasMapper.Type)
            {
                AddIfBound(aliasMappers, BindAliasMapper(nested, reader));
            }
            else if (nested.Type == BlockShape.StateMachine.Type)
            {
                AddIfBound(stateMachines, BindStateMachine(nested, reader));
            }
        }

        return labels is null ? null : new ProvisionerDeclaration(labels[0], aliasMappers, stateMachines);
    }

    private static AliasMapperDeclaration? BindAliasMapper(HclBlock block, BlockReader reader)
    {
        var (labels, owner) = reader.Open(block, BlockShape.AliasMapper);
        var aliases = block.Body.FindAttribute("aliases");
        if (aliases is null)
        {
            reader.Diagnostics.Error(
                labels?[0].Location ?? reader.At(block.TypeRange.Start),
                $"{owner} has no aliases; add aliases = {{ <state>: \"<Jira status>\", … }}");
        }

        var entries = aliases is null ? null : BindAliases(aliases.Value, owner, reader);
        return labels is null ? null : new AliasMapperDeclaration(labels[0], entries);
    }

    private static List<AliasDeclaration>? BindAliases(HclExpression value, string owner, BlockReader reader)
    {
        if (value is not HclObjectExpression map)
        {
            reader.Diagnostics.Error(
                reader.At(value.Range.Start),
                $"aliases of {owner} must be an object of state ids and Jira status names, e.g. {{ to_do: \"To Do\" }}; got {value.SourceText}");
            return null;
        }

        var entries = new List<AliasDeclaration>();
        foreach (var item in map.Items)
        {
            if (!item.Key.TryGetString(out var stateId))
            {
                reader.Diagnostics.Error(
                    reader.At(item.Key.Range.Start),
                    $"alias key {item.Key.SourceText} in {owner} must be a state id, e.g. to_do");
                continue;
            }

            var state = new LocatedText(stateId, reader.At(item.Key.Range.Start));

            // A malformed status still declares the alias, so the states using it are not also reported as unaliased.
            var status = reader.StringValue(item.Value, $"the alias of state \"{stateId}\" in {owner}", "\"To Do\"")
                ?? new LocatedText(item.Value.SourceText, reader.At(item.Value.Range.Start));
            entries.Add(new AliasDeclaration(state, status));
        }

        return entries;
    }

    private static StateMachineDeclaration? BindStateMachine(HclBlock block, BlockReader reader)
    {
        var (labels, owner) = reader.Open(block, BlockShape.StateMachine);
        var initial = reader.RequiredString(
            block.Body,
            "initial",
            owner,
            labels?[0].Location ?? reader.At(block.TypeRange.Start),
            "initial = \"<state>\"");
        var states = new List<StateTransitionDeclaration>();
        var fields = new List<StateFieldsDeclaration>();
        foreach (var nested in block.Body.Blocks.Where(b => b.Type == BlockShape.State.Type))
        {
            // One label is a state's fields; any other count is a transition (two labels), or reported as one, and
            // so is one label with a transition (its event label forgotten).
            if (nested.Labels.Count == 1 && nested.Body.FindAttribute("transition") is null)
            {
                AddIfBound(fields, BindStateFields(nested, reader));
            }
            else
            {
                AddIfBound(states, BindState(nested, reader));
            }
        }

        return labels is null ? null : new StateMachineDeclaration(labels[0], initial, states, fields);
    }

    private static StateTransitionDeclaration? BindState(HclBlock block, BlockReader reader)
    {
        var (labels, owner) = reader.Open(block, BlockShape.State);
        var location = reader.At(block.TypeRange.Start);
        var target = reader.RequiredString(
            block.Body,
            "transition",
            owner,
            location,
            "transition = \"<state>\" or transition = \"<end>\"");
        return labels is null ? null : new StateTransitionDeclaration(labels[0], labels[1], target, location);
    }

    private static StateFieldsDeclaration? BindStateFields(HclBlock block, BlockReader reader)
    {
        var (labels, owner) = reader.Open(block, BlockShape.StateFields);
        var location = reader.At(block.TypeRange.Start);
        var attribute = block.Body.FindAttribute("fields");
        if (attribute is null)
        {
            reader.Diagnostics.Error(location, $"{owner} has no fields; add {BlockShape.StateFields.Example}, or give it an event label for a transition");
            return null;
        }

        var json = reader.LiteralObjectJson(attribute.Value, $"fields of {owner}", "{ resolution = { name = \"Done\" } }");
        return labels is null ? null : new StateFieldsDeclaration(labels[0], json, location);
    }

    private static void AddIfBound<T>(List<T> list, T? item)
        where T : class
    {
        if (item is not null)
        {
            list.Add(item);
        }
    }
}

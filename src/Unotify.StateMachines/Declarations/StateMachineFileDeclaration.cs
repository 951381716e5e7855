namespace Unotify.StateMachines;

/// <summary>
/// A state-machine file as written: its provisioners, and the aliasmappers and statemachines declared beside them at
/// the top level (matched to a provisioner by name).
/// </summary>
internal sealed record StateMachineFileDeclaration(
    IReadOnlyList<ProvisionerDeclaration> Provisioners,
    IReadOnlyList<AliasMapperDeclaration> AliasMappers,
    IReadOnlyList<StateMachineDeclaration> StateMachines);

namespace Unotify.StateMachines;

/// <summary>A <c>provisioner "KEY" { … }</c> block as written, with the blocks nested inside it.</summary>
internal sealed record ProvisionerDeclaration(
    LocatedText Name,
    IReadOnlyList<AliasMapperDeclaration> AliasMappers,
    IReadOnlyList<StateMachineDeclaration> StateMachines);

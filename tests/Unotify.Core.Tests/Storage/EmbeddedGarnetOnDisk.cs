namespace Unotify.Core.Tests.Storage;

/// <summary>
/// The test classes that run embedded Garnets with small segments under heavy writes, one after the other: together
/// they held the CPU long enough that a script waited past its store's 5 s timeout.
/// </summary>
[CollectionDefinition(nameof(EmbeddedGarnetOnDisk))]
public sealed class EmbeddedGarnetOnDisk;

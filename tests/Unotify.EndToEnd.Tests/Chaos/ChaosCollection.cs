namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// The chaos tests kill processes and load both cores: they run one at a time, after the other tests of the assembly.
/// <c>UNOTIFY_CHAOS_SOAK=1</c> runs them at soak size (10,000 deliveries, 10 kills each way) instead of the quick one.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "Chaos";

    /// <summary>Whether the soak sizes are asked for.</summary>
    public static bool Soak => System.Environment.GetEnvironmentVariable("UNOTIFY_CHAOS_SOAK") == "1";

    /// <summary><paramref name="quick"/>, or 10,000 in a soak.</summary>
    public static int Deliveries(int quick) => Soak ? 10_000 : quick;

    /// <summary><paramref name="quick"/>, or 10 in a soak.</summary>
    public static int Kills(int quick) => Soak ? 10 : quick;
}

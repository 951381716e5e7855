using System.Runtime;

namespace Unotify.Host.Hosting;

/// <summary>
/// Keeps the garbage and the buffers of start-up from staying resident in a host that then sits idle.
/// </summary>
/// <remarks>
/// Measured with the README's first command (bench/README.md, "Fourth round"; bench/idle.sh): without the quiet start,
/// one start in two or three reads 133 MB instead of 116–117 MB from the first seconds on, because some of the embedded
/// Garnet's pinned buffers land on GC memory that start-up had already dirtied, which the GC must zero. Holding
/// collections back from just before the store opens until the host is ready (or until start-up has allocated 64 MB,
/// whichever comes first) lowers the odds without changing start to ready, but how far depends on what else wants the
/// CPU during start-up and on chance: 0 bad starts in 50 and 6 in 32 in two series on a calm machine (13 in 32 and 4 in 8
/// without it), 2 in 8 with a busy loop on one of the two cores (5 in 8 without), 6 in 10 at a load average of 4.
/// Other placements did worse on a quiet machine: from the very start of the command 1 bad start in 12, ended as soon
/// as the store had opened 3 in 12, one early collection instead 2 in 16, 16 MB or 128 MB 3 and 1 in 6. The mechanism
/// lies inside the GC's region allocator; these figures are measured, not derived.
/// </remarks>
internal static class StartUpMemory
{
    private const long QuietAllocationBytes = 64L * 1024 * 1024;

    /// <summary>Just before the store opens: no collection until start-up has allocated <see cref="QuietAllocationBytes"/> or <see cref="Settle"/> runs.</summary>
    public static void BeginQuiet()
    {
        // A host created in a process that already holds a region (tests start several) leaves it as it is.
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            GC.TryStartNoGCRegion(QuietAllocationBytes);
        }
    }

    /// <summary>Once the host is ready: ends the quiet start, then compacts once.</summary>
    public static void Settle()
    {
        EndQuiet();

        // Start-up leaves tens of MB of garbage (configuration, plugin loading, the embedded Garnet's set-up) that the
        // GC would otherwise keep committed until load arrives: compacting once and handing the free pages back took
        // idle RSS with embedded Garnet from 156 to 118 MB (bench/README.md), for one pause of a few ms.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>Ends the quiet start if start-up has not outgrown it already (also when start-up failed).</summary>
    public static void EndQuiet()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // Start-up's allocations outgrew the region between the check and the call, so the runtime has already
                // ended it with a collection: the state this method wants.
            }
        }
    }
}

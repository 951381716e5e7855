using System.Runtime;

namespace Unotify.Host.Hosting;

/// <summary>
/// Keeps the garbage and the buffers of start-up from staying resident in a host that then sits idle.
/// </summary>
/// <remarks>
/// Without it, a start now and then stays some 15 MB larger for good: some of the embedded Garnet's pinned buffers land
/// on GC memory that start-up had already dirtied. Holding collections back from just before the store opens until
/// the host is ready (or until start-up has allocated 64 MB, whichever comes first) makes that rarer without slowing
/// start-up, and one compacting collection once ready hands start-up's garbage back. The placement and the 64 MB were
/// chosen by measurement, not derived: bench/README.md ("Fourth round", bench/idle.sh) has the series.
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
            try
            {
                GC.TryStartNoGCRegion(QuietAllocationBytes);
            }
            catch (InvalidOperationException)
            {
                // Another host of this process started a region between the check and the call: it serves this one too.
            }
        }
    }

    /// <summary>Once the host is ready: ends the quiet start, then compacts once.</summary>
    public static void Settle()
    {
        EndQuiet();

        // Start-up leaves tens of MB of garbage (configuration, plugin loading, the embedded Garnet's set-up) that the
        // GC would otherwise keep committed until load arrives; one pause now hands the free pages back.
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

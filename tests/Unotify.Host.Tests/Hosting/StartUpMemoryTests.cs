using System.Runtime;
using Unotify.Host.Hosting;

namespace Unotify.Host.Tests.Hosting;

// The GC's latency mode belongs to the whole process: nothing else may start or end a region meanwhile.
[CollectionDefinition(nameof(StartUpMemoryTests), DisableParallelization = true)]
public sealed class StartUpMemoryCollection;

[Collection(nameof(StartUpMemoryTests))]
public sealed class StartUpMemoryTests : IDisposable
{
    // Hosts created in this process by other tests begin a quiet start that only their command would end.
    public StartUpMemoryTests() => StartUpMemory.EndQuiet();

    [Fact]
    public void Holds_collections_back_while_start_up_allocates_and_lets_them_run_once_settled()
    {
        StartUpMemory.BeginQuiet();
        var collections = GC.CollectionCount(0);

        var garbage = AllocateGarbage(megabytes: 8);

        GCSettings.LatencyMode.Should().Be(GCLatencyMode.NoGCRegion);
        GC.CollectionCount(0).Should().Be(collections, "{0} MB of start-up garbage fit in the quiet start", garbage);
        StartUpMemory.Settle();
        GCSettings.LatencyMode.Should().NotBe(GCLatencyMode.NoGCRegion);
        GC.CollectionCount(0).Should().BeGreaterThan(collections);
    }

    [Fact]
    public void Ends_without_error_when_start_up_allocated_more_than_the_quiet_start_holds()
    {
        StartUpMemory.BeginQuiet();

        AllocateGarbage(megabytes: 256);

        var ending = StartUpMemory.EndQuiet;
        ending.Should().NotThrow();
        GCSettings.LatencyMode.Should().NotBe(GCLatencyMode.NoGCRegion);
    }

    [Fact]
    public void Ends_without_error_when_start_up_failed_after_the_region_was_already_gone()
    {
        StartUpMemory.BeginQuiet();
        StartUpMemory.EndQuiet();

        var endingAgain = StartUpMemory.EndQuiet;

        endingAgain.Should().NotThrow();
    }

    [Fact]
    public void Leaves_a_region_the_process_already_holds_as_it_is()
    {
        GC.TryStartNoGCRegion(1024 * 1024).Should().BeTrue();

        var beginning = StartUpMemory.BeginQuiet;

        beginning.Should().NotThrow();
        GCSettings.LatencyMode.Should().Be(GCLatencyMode.NoGCRegion);
    }

    public void Dispose() => StartUpMemory.EndQuiet();

    // Arrays of 64 KB stay in the small object heap, where start-up's own garbage lives.
    private static int AllocateGarbage(int megabytes)
    {
        var total = 0;
        for (var i = 0; i < megabytes * 16; i++)
        {
            total += new byte[64 * 1024].Length;
        }

        return total / (1024 * 1024);
    }
}

using Unotify.Sdk.Testing;

namespace Unotify.Sdk.Tests.Testing;

public sealed class InMemorySharedCacheTests
{
    [Fact]
    public async Task A_value_is_served_until_its_time_to_live_has_passed()
    {
        var clock = new ManualClock();
        var cache = new InMemorySharedCache(clock);
        await cache.SetAsync("transitions:SOC:To Do", "[]", TimeSpan.FromHours(24), CancellationToken.None);

        clock.Advance(TimeSpan.FromHours(23));
        (await cache.GetAsync("transitions:SOC:To Do", CancellationToken.None)).Should().Be("[]");
        clock.Advance(TimeSpan.FromHours(1));
        (await cache.GetAsync("transitions:SOC:To Do", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task An_absent_key_reads_as_null()
    {
        (await new InMemorySharedCache().GetAsync("nothing", CancellationToken.None)).Should().BeNull();
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

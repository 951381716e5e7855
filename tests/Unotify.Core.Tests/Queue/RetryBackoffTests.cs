using Unotify.Core.Queue;

namespace Unotify.Core.Tests.Queue;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(4, 8_000)]
    [InlineData(10, 300_000)]
    [InlineData(1000, 300_000)]
    public void The_ceiling_doubles_per_attempt_up_to_the_maximum(int attempt, int ceilingMilliseconds)
    {
        RetryBackoff.Ceiling(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)).Should().Be(TimeSpan.FromMilliseconds(ceilingMilliseconds));
    }

    [Fact]
    public void Delays_are_full_jitter_between_zero_and_the_ceiling()
    {
        var delays = Enumerable.Range(0, 2000).Select(_ => RetryBackoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))).ToList();

        delays.Should().OnlyContain(delay => delay >= TimeSpan.Zero && delay < TimeSpan.FromSeconds(4));
        delays.Min().Should().BeLessThan(TimeSpan.FromSeconds(0.5));
        delays.Max().Should().BeGreaterThan(TimeSpan.FromSeconds(3.5));
    }
}

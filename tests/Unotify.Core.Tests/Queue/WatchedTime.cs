using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// A fake clock that also tells which timers were set: a test waits until the code under test is waiting for the
/// time it should wait for, then moves the clock, so nothing depends on how fast the machine is.
/// </summary>
internal sealed class WatchedTime : FakeTimeProvider
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<TimeSpan> _timers = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Enqueue(dueTime);
        return timer;
    }

    /// <summary>Waits until a timer of <paramref name="dueTime"/> is set (a new one, or one set since the last call), then forgets it.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        await Eventually.HoldsAsync(() => _timers.Contains(dueTime), Deadline, $"a timer of {dueTime}");
        var kept = _timers.ToList();
        kept.Remove(dueTime);
        _timers.Clear();
        foreach (var other in kept)
        {
            _timers.Enqueue(other);
        }
    }

    /// <summary>Waits for a timer of <paramref name="dueTime"/> and moves the clock that far.</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan dueTime)
    {
        await WaitForTimerAsync(dueTime);
        Advance(dueTime);
    }
}

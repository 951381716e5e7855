using System.Runtime.ExceptionServices;
using FluentAssertions;
using Unotify.Core.Queue;

namespace Unotify.Core.Tests.Queue;

[Collection(nameof(WakeSignalTests))]
public sealed class WakeSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(30);

    [Fact]
    public async Task A_wait_that_times_out_returns_without_raising_an_exception()
    {
        var signal = new WakeSignal();
        var raised = new List<string>();
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            // Raised on whichever thread completes the wait (a channel's cancelled read raised it in the thread pool), so
            // the stack says whose it is; this class runs alone, so no other test's waits are counted.
            var stack = Environment.StackTrace;
            if (stack.Contains("WakeSignal", StringComparison.Ordinal) || stack.Contains("System.Threading.Channels", StringComparison.Ordinal))
            {
                lock (raised)
                {
                    raised.Add($"{e.Exception.GetType().Name} at {stack}");
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await signal.WaitAsync(Short, TimeProvider.System, CancellationToken.None);
            }

            await Task.Delay(Short); // anything the last wait left to the thread pool
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        raised.Should().BeEmpty("an idle worker times out once a second, which is no error");
    }

    [Fact]
    public async Task A_set_signal_ends_the_wait_at_once()
    {
        var signal = new WakeSignal();
        var waiting = signal.WaitAsync(Long, TimeProvider.System, CancellationToken.None);

        signal.Set();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        waiting.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task A_signal_set_while_nobody_waits_is_kept_for_the_next_wait_only()
    {
        var signal = new WakeSignal();
        signal.Set();
        signal.Set();

        var first = signal.WaitAsync(Long, TimeProvider.System, CancellationToken.None);
        first.IsCompletedSuccessfully.Should().BeTrue("the kept signal is read without waiting");

        var second = signal.WaitAsync(Long, TimeProvider.System, CancellationToken.None);
        await Task.Delay(Short);
        second.IsCompleted.Should().BeFalse("two sets while nobody waited are one wake-up");
        signal.Set();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_cancelled_wait_throws_so_the_loop_stops()
    {
        var signal = new WakeSignal();
        using var stopping = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Long, TimeProvider.System, stopping.Token);

        await stopping.CancelAsync();

        await waiting.Invoking(async w => await w.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<OperationCanceledException>();
    }
}

/// <summary>Runs <see cref="WakeSignalTests"/> alone: its exception count looks at the whole process.</summary>
[CollectionDefinition(nameof(WakeSignalTests), DisableParallelization = true)]
public sealed class WakeSignalTestsRunAlone;

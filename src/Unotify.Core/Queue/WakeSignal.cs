namespace Unotify.Core.Queue;

/// <summary>
/// An auto-reset signal for a consumer's fetch loop: set by a pub/sub wake-up or a finished job, awaited with a
/// timeout. A signal set while nobody waits is kept (once), so a wake-up between "found nothing" and "wait" is not lost.
/// </summary>
/// <remarks>
/// The timeout is how an idle worker polls, once a second, so it ends a wait without an exception: a cancelled channel
/// read raises one inside the runtime each time (dotnet.exceptions counted one a second per idle worker). Meant for one
/// waiter at a time (the consumer's loop); a set that races with a timeout wakes a wait that was about to poll anyway.
/// </remarks>
internal sealed class WakeSignal
{
    private readonly Lock _gate = new();
    private bool _set;
    private TaskCompletionSource? _waiting;

    public void Set()
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            waiting = _waiting;
            _waiting = null;
            _set = waiting is null;
        }

        waiting?.TrySetResult();
    }

    /// <summary>Waits until the signal is set or <paramref name="timeout"/> passes; throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiting;
        lock (_gate)
        {
            if (_set)
            {
                _set = false;
                return;
            }

            waiting = _waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // A cancelled delay completes as cancelled without raising anything; cancelling it after a wake-up frees its timer.
            await Task.WhenAny(waiting.Task, Task.Delay(timeout, time, timer.Token)).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (_waiting == waiting)
            {
                _waiting = null; // timed out: the next wait starts afresh
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}

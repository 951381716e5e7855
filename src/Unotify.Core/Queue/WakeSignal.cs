using System.Threading.Channels;

namespace Unotify.Core.Queue;

/// <summary>
/// An auto-reset signal for a consumer's fetch loop: set by a pub/sub wake-up or a finished job, awaited with a
/// timeout. A signal set while nobody waits is kept, so a wake-up between "found nothing" and "wait" is not lost.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Waits until the signal is set or <paramref name="timeout"/> passes; throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);

        // The timeout is how an idle worker polls (once a second): awaited without throwing, so an idle host does not
        // raise an exception a second per worker (each one counted in dotnet.exceptions and stopped at by a debugger).
        // The channel is never completed, so a cancellation, the timer's or the caller's, is the only way the read fails.
        await ((Task)_channel.Reader.ReadAsync(linked.Token).AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>A limiter that never waits and counts the turns taken, to check that every call to Jira asks for one.</summary>
internal sealed class CountingRequestLimiter : IRequestLimiter
{
    private int _turns;

    public int Turns => _turns;

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _turns);
        return ValueTask.CompletedTask;
    }
}

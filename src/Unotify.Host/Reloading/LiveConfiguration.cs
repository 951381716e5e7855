using Unotify.Host.Plugins;

namespace Unotify.Host.Reloading;

/// <summary>
/// The configuration generation in force, which a reload swaps atomically, and what the last reload did. Everything
/// that serves a request or runs a job reads <see cref="Current"/> once and keeps to that generation.
/// </summary>
/// <remarks>
/// A plugin runtime that no generation uses any more is disposed after <see cref="RetireGrace"/>, so that a request
/// that took a provider from it just before the swap finishes with it first.
/// </remarks>
internal sealed class LiveConfiguration(ConfigurationGeneration first, TimeProvider time) : IAsyncDisposable
{
    /// <summary>How long a retired plugin runtime is kept for the requests that may still hold its providers.</summary>
    public static readonly TimeSpan RetireGrace = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<PluginRuntime> _retiring = [];
    private readonly CancellationTokenSource _disposing = new();
    private ConfigurationGeneration _current = first;
    private ReloadReport? _lastReload;

    /// <summary>The generation in force.</summary>
    public ConfigurationGeneration Current => Volatile.Read(ref _current);

    /// <summary>What the last reload did, or <see langword="null"/> before the first.</summary>
    public ReloadReport? LastReload => Volatile.Read(ref _lastReload);

    /// <summary>Puts <paramref name="next"/> in force.</summary>
    /// <param name="next">The next generation.</param>
    /// <returns>The generation it replaces.</returns>
    public ConfigurationGeneration Swap(ConfigurationGeneration next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }

    /// <summary>Records what a reload did.</summary>
    /// <param name="report">The reload's report.</param>
    public void Record(ReloadReport report) => Volatile.Write(ref _lastReload, report);

    /// <summary>
    /// Disposes, after <see cref="RetireGrace"/>, the runtimes of <paramref name="previous"/> that <see cref="Current"/>
    /// does not use: call it once the workers they built have stopped.
    /// </summary>
    /// <param name="previous">The generation replaced.</param>
    /// <returns>The runtimes retired.</returns>
    public int Retire(ConfigurationGeneration previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var inUse = Current.Runtimes.ToHashSet();
        var retired = previous.Runtimes.Where(runtime => !inUse.Contains(runtime)).ToList();
        lock (_lock)
        {
            _retiring.AddRange(retired);
        }

        foreach (var runtime in retired)
        {
            _ = DisposeLaterAsync(runtime);
        }

        return retired.Count;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        List<PluginRuntime> runtimes;
        lock (_lock)
        {
            runtimes = _retiring.Concat(Current.Runtimes).Distinct().ToList();
            _retiring.Clear();
        }

        foreach (var runtime in runtimes)
        {
            await runtime.DisposeAsync();
        }

        _disposing.Dispose();
    }

    private async Task DisposeLaterAsync(PluginRuntime runtime)
    {
        try
        {
            await Task.Delay(RetireGrace, time, _disposing.Token);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: DisposeAsync disposes it.
            return;
        }

        lock (_lock)
        {
            if (!_retiring.Remove(runtime))
            {
                return;
            }
        }

        await runtime.DisposeAsync();
    }
}

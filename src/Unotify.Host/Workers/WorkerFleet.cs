using Unotify.Core.History;
using Unotify.Core.Limits;
using Unotify.Core.Queue;
using Unotify.Core.Workers;
using Unotify.Host.Reloading;

namespace Unotify.Host.Workers;

/// <summary>
/// The consumers of the workers in force, started and stopped with the host and brought in line with each reload:
/// a worker the reload removed or replaced stops first (its running jobs finish within the shutdown timeout, the rest
/// go back to the queue for the next consumer: nothing lost, nothing run twice), then the new ones start. A worker the
/// reload kept is not touched.
/// </summary>
internal sealed partial class WorkerFleet(LiveConfiguration live, IAttemptHistory history, TimeSpan shutdownTimeout, TimeProvider time, ILogger<WorkerFleet> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private bool _stopped;

    /// <summary>The workers whose consumers run now, by name.</summary>
    public IReadOnlyList<string> RunningWorkers
    {
        get
        {
            lock (_running)
            {
                return _running.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await StartMissingAsync(live.Current, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the consumers of workers that <paramref name="next"/> removed or replaced, then starts its new ones.</summary>
    /// <param name="next">The generation just put in force.</param>
    /// <param name="cancellationToken">Cancels the start of new consumers; stopping old ones is bounded by the shutdown timeout.</param>
    /// <returns>A task that completes when the consumers match <paramref name="next"/>.</returns>
    public async Task ApplyAsync(ConfigurationGeneration next, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_stopped)
            {
                return;
            }

            List<Running> stale;
            lock (_running)
            {
                stale = _running.Values.Where(running => !ReferenceEquals(next.Find(running.Worker.Name), running.Worker)).ToList();
            }

            await Task.WhenAll(stale.Select(running => StopAsync(running, CancellationToken.None)));
            await StartMissingAsync(next, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _stopped = true;
            List<Running> all;
            lock (_running)
            {
                all = _running.Values.ToList();
            }

            await Task.WhenAll(all.Select(running => StopAsync(running, cancellationToken)));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<Running> all;
        lock (_running)
        {
            all = _running.Values.ToList();
            _running.Clear();
        }

        foreach (var running in all)
        {
            await running.Consumer.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task StartMissingAsync(ConfigurationGeneration generation, CancellationToken cancellationToken)
    {
        foreach (var worker in generation.Workers.Where(worker => worker.Processor is not null))
        {
            lock (_running)
            {
                if (_running.ContainsKey(worker.Name))
                {
                    continue;
                }
            }

            var consumer = worker.CreateConsumer(new RoutedWorkerAlerts(() => live.Current.Router, worker.Name, time), history, shutdownTimeout);
            await consumer.StartAsync(cancellationToken);
            lock (_running)
            {
                _running[worker.Name] = new Running(worker, consumer);
            }
        }
    }

    private async Task StopAsync(Running running, CancellationToken cancellationToken)
    {
        await running.Consumer.StopAsync(cancellationToken);
        await running.Consumer.DisposeAsync();
        lock (_running)
        {
            _running.Remove(running.Worker.Name);
        }

        LogStopped(logger, running.Worker.Name);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Worker {Worker} stopped")]
    private static partial void LogStopped(ILogger logger, string worker);

    private sealed record Running(Worker Worker, WorkerConsumer Consumer);
}

using Unotify.Core.Queue;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// A worker's queue in memory with the lease semantics of <see cref="RedisWorkerQueue"/>, on a clock the test moves:
/// for tests of the consumer's loop that pin what it does, not how long it takes.
/// </summary>
internal sealed class InMemoryWorkerQueue(QueueOptions options, TimeProvider time) : IWorkerQueue
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<Exception> _fetchFailures = new();
    private Action? _wake;
    private int _tokens;

    public string Worker => "atlassian";

    public QueueOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public int Fetches { get; private set; }

    public int Renewals { get; private set; }

    /// <summary>What became of each job: due, leased, done or dead-lettered, with its attempts and last error.</summary>
    public IReadOnlyDictionary<string, (string State, int Attempts, string? Error)> Jobs
    {
        get
        {
            lock (_lock)
            {
                return _entries.ToDictionary(pair => pair.Key, pair => (pair.Value.State, pair.Value.Attempts, pair.Value.Job.LastError));
            }
        }
    }

    /// <summary>Queues a job that is due now and wakes the consumer, as the router does.</summary>
    public string Add(string? deliveryId = null)
    {
        var webhookEvent = SomeEvents.PullRequestMerged(deliveryId);
        var id = "job-" + webhookEvent.DeliveryId;
        lock (_lock)
        {
            _entries[id] = new Entry(new Job(id, Worker, webhookEvent, 0, Time.GetUtcNow(), null)) { DueAt = Time.GetUtcNow() };
        }

        _wake?.Invoke();
        return id;
    }

    /// <summary>Makes the next fetches throw these exceptions, one each, in order.</summary>
    public void FailFetches(params Exception[] failures)
    {
        lock (_lock)
        {
            foreach (var failure in failures)
            {
                _fetchFailures.Enqueue(failure);
            }
        }
    }

    /// <summary>Gives the lease of <paramref name="id"/> to someone else, as an expiry and another consumer's fetch would.</summary>
    public void TakeLeaseAway(string id)
    {
        lock (_lock)
        {
            _entries[id].Token = "someone-else";
        }
    }

    public Task SubscribeAsync(Action wake, CancellationToken cancellationToken)
    {
        _wake = wake;
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(CancellationToken cancellationToken)
    {
        _wake = null;
        return Task.CompletedTask;
    }

    public Task<FetchResult> FetchAsync(int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Fetches++;
            if (_fetchFailures.TryDequeue(out var failure))
            {
                return Task.FromException<FetchResult>(failure);
            }

            var now = Time.GetUtcNow();
            foreach (var entry in _entries.Values.Where(entry => entry.State == "leased" && entry.LeaseUntil <= now))
            {
                (entry.State, entry.Token, entry.DueAt) = ("due", null, now);
            }

            var leased = new List<LeasedJob>();
            foreach (var entry in _entries.Values.Where(entry => entry.State == "due" && entry.DueAt <= now).OrderBy(entry => entry.DueAt).Take(maxCount))
            {
                entry.Attempts++;
                entry.Token = $"token-{++_tokens}";
                (entry.State, entry.LeaseUntil) = ("leased", now + Options.LeaseTime);
                leased.Add(new LeasedJob(entry.Job with { Attempt = entry.Attempts }, entry.Token));
            }

            var next = _entries.Values
                .Where(entry => entry.State is "due" or "leased")
                .Select(entry => entry.State == "due" ? entry.DueAt : entry.LeaseUntil)
                .DefaultIfEmpty()
                .Min();
            return Task.FromResult(new FetchResult(leased, next == default ? null : next));
        }
    }

    public Task<bool> RenewAsync(LeasedJob leased, CancellationToken cancellationToken) => Settle(leased, entry =>
    {
        Renewals++;
        entry.LeaseUntil = Time.GetUtcNow() + Options.LeaseTime;
    });

    public Task<bool> AckAsync(LeasedJob leased, ProcessingResult.DoneResult done, CancellationToken cancellationToken) => Settle(leased, entry => entry.State = "done");

    public Task<bool> RetryAsync(LeasedJob leased, string error, TimeSpan delay, AttemptCount attempt, CancellationToken cancellationToken) => Settle(leased, entry =>
    {
        (entry.State, entry.DueAt) = ("due", Time.GetUtcNow() + delay);
        entry.Job = leased.Job with { LastError = error, Attempt = entry.Job.Attempt };
        if (attempt == AttemptCount.GivenBack)
        {
            entry.Attempts--;
        }
    });

    public Task<bool> ReleaseAsync(LeasedJob leased, CancellationToken cancellationToken) => Settle(leased, entry =>
    {
        (entry.State, entry.DueAt) = ("due", Time.GetUtcNow());
        entry.Attempts--;
    });

    public Task<bool> DeadLetterAsync(LeasedJob leased, string error, IReadOnlyList<ItemOutcome> items, CancellationToken cancellationToken) => Settle(leased, entry =>
    {
        entry.State = "dead-lettered";
        entry.Job = entry.Job with { LastError = error };
    });

    private Task<bool> Settle(LeasedJob leased, Action<Entry> change)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(leased.Job.Id, out var entry) || entry.Token != leased.Token || entry.State != "leased")
            {
                return Task.FromResult(false);
            }

            change(entry);
            if (entry.State != "leased")
            {
                entry.Token = null;
            }

            return Task.FromResult(true);
        }
    }

    private sealed class Entry(Job job)
    {
        public Job Job { get; set; } = job;

        public string State { get; set; } = "due";

        public int Attempts { get; set; }

        public string? Token { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public DateTimeOffset LeaseUntil { get; set; }
    }
}

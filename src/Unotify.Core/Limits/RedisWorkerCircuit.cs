using System.Globalization;
using StackExchange.Redis;
using Unotify.Core.Configuration;
using Unotify.Core.Storage;

namespace Unotify.Core.Limits;

/// <summary>A worker's circuit breaker in the store (<see cref="CircuitScripts"/>), shared by all its replicas.</summary>
public sealed class RedisWorkerCircuit : IWorkerCircuit
{
    // The longest reason kept with the circuit: it is shown at /readyz, not a log.
    private const int MaxReasonLength = 500;
    private readonly RedisStore _store;
    private readonly string _worker;
    private readonly CircuitPolicy _policy;
    private readonly TimeSpan _probeTurn;
    private readonly RedisKey _key;

    /// <summary>Creates the circuit of <paramref name="worker"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="worker">The worker's name.</param>
    /// <param name="policy">When it opens and how long it stays open.</param>
    /// <param name="probeTurn">How long one replica's probe may take before another replica may probe (the worker's lease).</param>
    public RedisWorkerCircuit(RedisStore store, string worker, CircuitPolicy policy, TimeSpan probeTurn)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        StoreArguments.Name(worker, nameof(worker));
        _store = store;
        _worker = worker;
        _policy = policy;
        _probeTurn = probeTurn;
        _key = store.Keys.Worker(worker).Circuit;
    }

    /// <inheritdoc />
    public async Task<CircuitGate> CheckAsync(CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(_store.ScriptText(CircuitScripts.Gate), [_key], [_store.NowMilliseconds, (long)_probeTurn.TotalMilliseconds]),
            $"check the circuit of worker {_worker}",
            cancellationToken).ConfigureAwait(false))!;
        return (long)result[0] switch
        {
            0 => CircuitGate.Closed,
            1 => new CircuitGate(CircuitGateKind.Open, TimeSpan.FromMilliseconds((long)result[1])),
            2 => new CircuitGate(CircuitGateKind.Probe),
            var other => throw new InvalidDataException($"The circuit gate script answered {other}; expected 0, 1 or 2."),
        };
    }

    /// <inheritdoc />
    public async Task<CircuitChange> RecordAsync(bool outage, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var result = (RedisResult[])(await StoreCall.RunAsync(
            _store,
            () => _store.Database.ScriptEvaluateAsync(
                _store.ScriptText(CircuitScripts.Record),
                [_key],
                [
                    _store.NowMilliseconds, outage ? "outage" : "ok", _policy.Failures,
                    (long)_policy.CoolDown.TotalMilliseconds, (long)_policy.MaxCoolDown.TotalMilliseconds,
                    reason.Length > MaxReasonLength ? reason[..MaxReasonLength] + " …" : reason,
                ]),
            $"record an attempt in the circuit of worker {_worker}",
            cancellationToken).ConfigureAwait(false))!;
        var change = new CircuitChange((long)result[0] switch
        {
            0 => CircuitChangeKind.None,
            1 => CircuitChangeKind.Opened,
            2 => CircuitChangeKind.Reopened,
            3 => CircuitChangeKind.Closed,
            4 => CircuitChangeKind.StillOpen,
            var other => throw new InvalidDataException($"The circuit record script answered {other}; expected 0 to 4."),
        });
        return change.Kind switch
        {
            CircuitChangeKind.Opened or CircuitChangeKind.Reopened => change with { CoolDown = TimeSpan.FromMilliseconds((long)result[1]) },
            CircuitChangeKind.Closed => change with { OpenFor = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])), Probes = (int)(long)result[2] },
            _ => change,
        };
    }

    /// <inheritdoc />
    public async Task<CircuitStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var fields = await StoreCall.RunAsync(
            _store,
            () => _store.Database.HashGetAllAsync(_key),
            $"read the circuit of worker {_worker}",
            cancellationToken).ConfigureAwait(false);
        if (fields.Length == 0)
        {
            return CircuitStatus.Closed;
        }

        var values = fields.ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
        long? Number(string name) => values.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
        DateTimeOffset? Time(string name) => Number(name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        var state = values.GetValueOrDefault("state") ?? "closed";
        var open = state != "closed";
        return new CircuitStatus(
            state,
            (int)(Number("failures") ?? 0),
            open ? Time("opened_at") : null,
            open ? Time("until") : null,
            open && Number("cool") is { } cool ? TimeSpan.FromMilliseconds(cool) : null,
            (int)(Number("probes") ?? 0),
            values.GetValueOrDefault("reason"));
    }
}

namespace Unotify.Core.Limits;

/// <summary>
/// A worker's circuit breaker, shared by its replicas: a consumer asks <see cref="CheckAsync"/> before each fetch and
/// tells <see cref="RecordAsync"/> how each attempt ended. <see cref="RedisWorkerCircuit"/> keeps it in the store.
/// </summary>
/// <remarks>Any method may throw <see cref="Storage.StoreUnavailableException"/>; nothing was changed then.</remarks>
public interface IWorkerCircuit
{
    /// <summary>Whether the consumer may fetch now, must wait, or probes with one job.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The gate.</returns>
    Task<CircuitGate> CheckAsync(CancellationToken cancellationToken);

    /// <summary>Records that an attempt ended because the service is down (<paramref name="outage"/>) or that the service answered.</summary>
    /// <param name="outage"><see langword="true"/> for an unavailable or throttled answer, <see langword="false"/> when the service answered.</param>
    /// <param name="reason">The attempt's reason, kept as the circuit's last reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the answer did to the circuit.</returns>
    Task<CircuitChange> RecordAsync(bool outage, string reason, CancellationToken cancellationToken);

    /// <summary>The circuit as stored now.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its status.</returns>
    Task<CircuitStatus> ReadAsync(CancellationToken cancellationToken);
}

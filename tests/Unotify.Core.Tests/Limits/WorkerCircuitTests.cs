using Unotify.Core.Configuration;
using Unotify.Core.Limits;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Limits;

public abstract class WorkerCircuitTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly CircuitPolicy Policy = new(3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(35));
    private static readonly TimeSpan ProbeTurn = TimeSpan.FromSeconds(30);
    private readonly AdjustableClock _clock = new();
    private RedisStore _store = null!;
    private RedisWorkerCircuit _circuit = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend, _clock);
        _circuit = new RedisWorkerCircuit(_store, "atlassian", Policy, ProbeTurn);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Opens_once_when_the_failures_in_a_row_reach_the_threshold_and_then_holds_every_fetch()
    {
        (await OutageAsync()).Kind.Should().Be(CircuitChangeKind.None);
        (await OutageAsync()).Kind.Should().Be(CircuitChangeKind.None);
        (await _circuit.CheckAsync(CancellationToken.None)).Should().Be(CircuitGate.Closed);

        var opened = await OutageAsync("Jira answered 503");

        opened.Should().Be(new CircuitChange(CircuitChangeKind.Opened, CoolDown: TimeSpan.FromSeconds(10)));
        (await OutageAsync()).Kind.Should().Be(CircuitChangeKind.StillOpen, "attempts in flight when it opened find it open, and nobody logs a second opening");
        var gate = await _circuit.CheckAsync(CancellationToken.None);
        gate.Kind.Should().Be(CircuitGateKind.Open);
        gate.Wait.Should().BeCloseTo(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
        var status = await _circuit.ReadAsync(CancellationToken.None);
        (status.State, status.Reason, status.CoolDown).Should().Be(("open", "Jira answered 503", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_answer_from_the_service_resets_the_count_so_only_failures_in_a_row_open_it()
    {
        await OutageAsync();
        await OutageAsync();
        (await _circuit.RecordAsync(outage: false, "SOC-1 moved", CancellationToken.None)).Kind.Should().Be(CircuitChangeKind.None);

        (await OutageAsync()).Kind.Should().Be(CircuitChangeKind.None);
        (await OutageAsync()).Kind.Should().Be(CircuitChangeKind.None);
        (await OutageAsync()).Kind.Should().Be(CircuitChangeKind.Opened);
    }

    [Fact]
    public async Task Failures_a_minute_apart_are_not_in_a_row()
    {
        await OutageAsync();
        await OutageAsync();

        // The count expires on the store's own clock; a fake clock cannot move it, so look at the expiry it set.
        var expiry = await _store.Database.KeyTimeToLiveAsync(_store.Keys.Worker("atlassian").Circuit);
        expiry.Should().NotBeNull().And.Subject!.Value.Should().BeCloseTo(TimeSpan.FromMilliseconds(CircuitScripts.FailureMemoryMilliseconds), TimeSpan.FromSeconds(5));
        (await OutageAsync()).Kind.Should().Be(CircuitChangeKind.Opened);
        (await _store.Database.KeyTimeToLiveAsync(_store.Keys.Worker("atlassian").Circuit)).Should().BeNull("an open circuit stays until a probe closes it");
    }

    [Fact]
    public async Task After_the_cool_down_exactly_one_consumer_probes_and_a_failed_probe_doubles_the_cool_down_up_to_the_cap()
    {
        await OpenAsync();
        _clock.Advance(TimeSpan.FromSeconds(11));

        (await _circuit.CheckAsync(CancellationToken.None)).Kind.Should().Be(CircuitGateKind.Probe);
        var other = new RedisWorkerCircuit(_store, "atlassian", Policy, ProbeTurn);
        (await other.CheckAsync(CancellationToken.None)).Kind.Should().Be(CircuitGateKind.Open, "another replica waits while the probe runs");

        (await OutageAsync()).Should().Be(new CircuitChange(CircuitChangeKind.Reopened, CoolDown: TimeSpan.FromSeconds(20)));
        _clock.Advance(TimeSpan.FromSeconds(21));
        (await _circuit.CheckAsync(CancellationToken.None)).Kind.Should().Be(CircuitGateKind.Probe);
        (await OutageAsync()).CoolDown.Should().Be(TimeSpan.FromSeconds(35), "40 s is capped at max_cool_down");
        _clock.Advance(TimeSpan.FromSeconds(36));
        (await _circuit.CheckAsync(CancellationToken.None)).Kind.Should().Be(CircuitGateKind.Probe);
        (await OutageAsync()).CoolDown.Should().Be(TimeSpan.FromSeconds(35));
        (await _circuit.ReadAsync(CancellationToken.None)).Probes.Should().Be(3);
    }

    [Fact]
    public async Task A_probe_whose_replica_died_is_handed_to_another_after_its_turn()
    {
        await OpenAsync();
        _clock.Advance(TimeSpan.FromSeconds(11));
        (await _circuit.CheckAsync(CancellationToken.None)).Kind.Should().Be(CircuitGateKind.Probe);

        _clock.Advance(ProbeTurn + TimeSpan.FromSeconds(1));

        (await new RedisWorkerCircuit(_store, "atlassian", Policy, ProbeTurn).CheckAsync(CancellationToken.None)).Kind.Should().Be(CircuitGateKind.Probe);
    }

    [Fact]
    public async Task The_first_answer_after_an_outage_closes_it_once_and_says_for_how_long_it_was_open()
    {
        await OpenAsync();
        _clock.Advance(TimeSpan.FromSeconds(11));
        await _circuit.CheckAsync(CancellationToken.None);

        var closed = await _circuit.RecordAsync(outage: false, "SOC-1: To Do → In Progress", CancellationToken.None);

        closed.Kind.Should().Be(CircuitChangeKind.Closed);
        closed.Probes.Should().Be(1);
        closed.OpenFor.Should().BeCloseTo(TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(2));
        (await _circuit.RecordAsync(outage: false, "again", CancellationToken.None)).Kind.Should().Be(CircuitChangeKind.None, "only one replica reports the closing");
        (await _circuit.CheckAsync(CancellationToken.None)).Should().Be(CircuitGate.Closed);
        (await _circuit.ReadAsync(CancellationToken.None)).Should().Be(CircuitStatus.Closed);
    }

    [Fact]
    public async Task A_circuit_field_that_is_not_a_number_reads_as_absent_instead_of_failing()
    {
        await _store.Database.HashSetAsync(_store.Keys.Worker("atlassian").Circuit, [new("state", "open"), new("until", "soon"), new("probes", "x")]);

        var status = await _circuit.ReadAsync(CancellationToken.None);

        (status.State, status.NextProbeAt, status.Probes).Should().Be(("open", (DateTimeOffset?)null, 0));
        (await _circuit.CheckAsync(CancellationToken.None)).Kind.Should().Be(CircuitGateKind.Probe, "an unreadable end of cool-down counts as passed");
    }

    private async Task OpenAsync()
    {
        for (var i = 0; i < Policy.Failures; i++)
        {
            await OutageAsync();
        }

        (await _circuit.ReadAsync(CancellationToken.None)).State.Should().Be("open");
    }

    private Task<CircuitChange> OutageAsync(string reason = "Jira answered 503") => _circuit.RecordAsync(outage: true, reason, CancellationToken.None);
}

public sealed class WorkerCircuitTests_on_redis(RedisServerBackend backend) : WorkerCircuitTests(backend), IClassFixture<RedisServerBackend>;

public sealed class WorkerCircuitTests_on_redis_cluster(RedisClusterBackend backend) : WorkerCircuitTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class WorkerCircuitTests_on_garnet(GarnetBackend backend) : WorkerCircuitTests(backend), IClassFixture<GarnetBackend>;

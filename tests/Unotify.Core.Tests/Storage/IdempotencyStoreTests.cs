using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

public abstract class IdempotencyStoreTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly AdjustableClock _clock = new();
    private RedisStore _store = null!;
    private RedisIdempotencyStore _idempotency = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend, _clock);
        _idempotency = new RedisIdempotencyStore(_store, "atlassian");
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Claim_then_mark_makes_later_claims_already_done_for_at_least_seven_days()
    {
        (await _idempotency.ClaimAsync("d1:SOC-1", "To Do→In Progress", Lease, CancellationToken.None))
            .Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
        await _idempotency.MarkDoneAsync("d1:SOC-1", CancellationToken.None);

        _clock.Advance(TimeSpan.FromDays(6));
        (await _idempotency.ClaimAsync("d1:SOC-1", "again", Lease, CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.AlreadyDone);
        var ttl = await _store.Database.KeyTimeToLiveAsync(_store.Keys.Worker("atlassian").Idempotency("d1:SOC-1"));
        ttl.Should().BeGreaterThan(TimeSpan.FromDays(6.9));
    }

    [Fact]
    public async Task A_live_claim_is_held_by_other()
    {
        await _idempotency.ClaimAsync("k", "first", Lease, CancellationToken.None);

        (await _idempotency.ClaimAsync("k", "second", Lease, CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.HeldByOther);
    }

    [Fact]
    public async Task An_expired_claim_hands_its_note_to_the_next_claimer()
    {
        await _idempotency.ClaimAsync("k", "To Do→In Progress", Lease, CancellationToken.None);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));

        var claim = await _idempotency.ClaimAsync("k", "retrying", Lease, CancellationToken.None);

        claim.Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_at_once_without_a_note()
    {
        await _idempotency.ClaimAsync("k", "first", Lease, CancellationToken.None);
        await _idempotency.ReleaseAsync("k", CancellationToken.None);

        (await _idempotency.ClaimAsync("k", "second", Lease, CancellationToken.None)).Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
    }

    [Fact]
    public async Task Releasing_does_not_undo_a_done_mark()
    {
        await _idempotency.ClaimAsync("k", "first", Lease, CancellationToken.None);
        await _idempotency.MarkDoneAsync("k", CancellationToken.None);
        await _idempotency.ReleaseAsync("k", CancellationToken.None);

        (await _idempotency.ClaimAsync("k", "second", Lease, CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.AlreadyDone);
    }

    [Fact]
    public async Task Keys_are_scoped_per_worker()
    {
        await _idempotency.ClaimAsync("k", "first", Lease, CancellationToken.None);
        await _idempotency.MarkDoneAsync("k", CancellationToken.None);

        (await new RedisIdempotencyStore(_store, "slack").ClaimAsync("k", "n", Lease, CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.Claimed);
    }

    [Fact]
    public async Task Bad_arguments_are_argument_errors()
    {
        await FluentActions.Awaiting(() => _idempotency.ClaimAsync("", "n", Lease, CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "key");
        await FluentActions.Awaiting(() => _idempotency.ClaimAsync("k", new string('n', 5000), Lease, CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "note");
        await FluentActions.Awaiting(() => _idempotency.ClaimAsync("k", "n", TimeSpan.Zero, CancellationToken.None))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().Where(e => e.ParamName == "leaseTime");
        await FluentActions.Awaiting(() => _idempotency.MarkDoneAsync(new string('k', 201), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _idempotency.ReleaseAsync("a\u0000b", CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        FluentActions.Invoking(() => new RedisIdempotencyStore(_store, "")).Should().Throw<ArgumentException>();
    }
}

public sealed class IdempotencyStoreTests_on_redis(RedisServerBackend backend) : IdempotencyStoreTests(backend), IClassFixture<RedisServerBackend>;

public sealed class IdempotencyStoreTests_on_garnet(GarnetBackend backend) : IdempotencyStoreTests(backend), IClassFixture<GarnetBackend>;

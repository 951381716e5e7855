using Unotify.Sdk.Testing;

namespace Unotify.Sdk.Tests.Testing;

public sealed class InMemoryIdempotencyStoreTests
{
    private readonly InMemoryIdempotencyStore _store = new();

    [Fact]
    public async Task A_free_key_is_claimed_and_then_held_by_the_attempt_that_claimed_it()
    {
        var claim = await _store.ClaimAsync("d-1:SOC-1", "To Do→In Progress", CancellationToken.None);

        claim.Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
        _store.IsHeld("d-1:SOC-1").Should().BeTrue();
        (await _store.ClaimAsync("d-1:SOC-1", "again", CancellationToken.None)).Should()
            .Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed), "claims belong to the attempt, which may claim its own key again");
    }

    [Fact]
    public async Task A_key_held_by_a_live_attempt_elsewhere_is_held_by_other()
    {
        _store.HoldElsewhere("k");

        (await _store.ClaimAsync("k", "act", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.HeldByOther);
    }

    [Fact]
    public async Task When_the_attempt_ends_unmarked_the_next_claim_is_granted_with_the_first_note_kept()
    {
        await _store.ClaimAsync("k", "To Do→In Progress", CancellationToken.None);
        _store.EndAttempt();

        var taken = await _store.ClaimAsync("k", "In Progress→Done", CancellationToken.None);
        _store.EndAttempt();
        var again = await _store.ClaimAsync("k", "Done→<end>", CancellationToken.None);

        taken.Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"));
        again.AbandonedNote.Should().Be("To Do→In Progress");
    }

    [Fact]
    public async Task A_key_marked_done_is_never_claimed_again()
    {
        await _store.ClaimAsync("k", "act", CancellationToken.None);
        await _store.MarkDoneAsync("k", CancellationToken.None);

        (await _store.ClaimAsync("k", "act", CancellationToken.None)).Status.Should().Be(IdempotencyClaimStatus.AlreadyDone);
        _store.IsDone("k").Should().BeTrue();
        _store.IsHeld("k").Should().BeFalse();
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_at_once()
    {
        await _store.ClaimAsync("k", "act", CancellationToken.None);
        await _store.ReleaseAsync("k", CancellationToken.None);

        (await _store.ClaimAsync("k", "act", CancellationToken.None)).Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
    }

    [Fact]
    public async Task An_abandoned_key_is_granted_with_the_dead_holders_note()
    {
        _store.Abandon("k", "To Do→In Progress");

        var claim = await _store.ClaimAsync("k", "retry", CancellationToken.None);

        claim.Should().Be(new IdempotencyClaim(IdempotencyClaimStatus.Claimed, "To Do→In Progress"));
        _store.IsHeld("k").Should().BeTrue();
    }
}

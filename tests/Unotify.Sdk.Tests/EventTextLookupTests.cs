using Unotify.Sdk.Testing;

namespace Unotify.Sdk.Tests;

public sealed class EventTextLookupTests
{
    private static readonly WebhookEvent Merged = new()
    {
        DeliveryId = "d-1",
        Provider = "github",
        RepoId = "1",
        Kind = EventKinds.PullRequestMerged,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Texts = [new EventText(TextSource.Title, "Login page")],
    };

    [Fact]
    public async Task A_context_without_a_text_finder_finds_nothing_beyond_the_payload()
    {
        var lookup = await new ProcessorContextBuilder().Build().FindExtraTextsAsync(Merged, CancellationToken.None);

        lookup.Should().BeSameAs(EventTextLookup.None);
        lookup.Texts.Should().BeEmpty();
        lookup.Problem.Should().BeNull();
    }

    [Fact]
    public async Task A_context_asks_its_text_finder_for_the_event()
    {
        var commit = new EventText(TextSource.CommitMessage, "SOC-1 fix") { Origin = "commit abc1234" };
        var finder = new FixedEventTextFinder(EventTextLookup.Found([commit]));

        var lookup = await new ProcessorContextBuilder().WithTextFinder(finder).Build().FindExtraTextsAsync(Merged, CancellationToken.None);

        lookup.Texts.Should().Equal(commit);
        finder.Calls.Should().Be(1);
    }

    [Fact]
    public void A_failed_lookup_carries_a_retry_or_a_failure_but_never_a_done_result()
    {
        EventTextLookup.Failed(ProcessingResult.Throttled("rate limit", TimeSpan.FromMinutes(1))).Problem.Should().BeOfType<ProcessingResult.RetryResult>();
        EventTextLookup.Failed(ProcessingResult.Fail("bad token")).Texts.Should().BeEmpty();

        var done = () => EventTextLookup.Failed(ProcessingResult.Done("fine"));

        done.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Finding_no_texts_is_the_same_as_none()
    {
        EventTextLookup.Found([]).Should().BeSameAs(EventTextLookup.None);
    }

    [Fact]
    public void A_key_found_in_a_text_with_an_origin_is_sourced_to_that_origin_and_other_keys_to_their_source()
    {
        var located = TicketKeys.Locate(Merged with
        {
            Texts = [new EventText(TextSource.Title, "SOC-1 login"), new EventText(TextSource.CommitMessage, "SOC-1 and SOC-2 fix") { Origin = "commit abc1234" }],
        });

        located.Select(location => (location.Key, location.SourceName)).Should().Equal(("SOC-1", "title"), ("SOC-2", "commit abc1234"));
    }
}

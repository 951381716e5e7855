using Unotify.Core.History;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.History;

public abstract class DeliveryHistoryTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);
    private RedisStore _store = null!;
    private RedisDeliveryHistory _history = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend);
        _history = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 1000 });
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_queued_delivery_keeps_its_routing_and_every_attempt_with_its_items()
    {
        await _history.RecordDoorAsync("github", "42", "d1", "pull_request.merged", T0, DoorOutcome.Queued, null, ["atlassian", "slack"]);
        var job = Job("d1");
        await _history.RecordAttemptAsync(job, Attempt(1, "retry", "SOC-1: retry (Jira answered 429)", new ItemRecord("SOC-1", "retrying", "Jira answered 429", "To Do", null, "title")));
        await _history.RecordAttemptAsync(job, Attempt(2, "done", "SOC-1: To Do → In Progress", new ItemRecord("SOC-1", "moved", "To Do → In Progress", "To Do", "In Progress", "title")));

        var record = (await _history.FindAsync("d1", CancellationToken.None)).Should().ContainSingle().Subject;

        (record.Provider, record.RepoId, record.DeliveryId, record.Kind, record.Outcome).Should().Be(("github", "42", "d1", "pull_request.merged", DoorOutcome.Queued));
        record.ReceivedAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(T0.ToUnixTimeMilliseconds()));
        record.Workers.Should().Equal("atlassian", "slack");
        record.Attempts.Select(attempt => (attempt.Attempt, attempt.Result)).Should().Equal((1, "retry"), (2, "done"));
        record.Attempts[1].Items.Should().ContainSingle().Which.Should().Be(new ItemRecord("SOC-1", "moved", "To Do → In Progress", "To Do", "In Progress", "title"));
    }

    [Fact]
    public async Task A_replay_is_listed_before_the_attempts_of_the_job_it_queued_even_when_one_of_them_was_written_first()
    {
        await _history.RecordDoorAsync("github", "42", "d1", "pull_request.merged", T0, DoorOutcome.Queued, null, ["atlassian"]);
        var job = Job("d1");
        await _history.RecordAttemptAsync(job, Attempt(1, "fail", "Jira answered 400"));
        // The replayed job ran and ended before the replay's own entry was written.
        await _history.RecordAttemptAsync(job, Attempt(1, "done", "ok") with { JobId = "j2" });
        await _history.RecordReplayAsync(job.Event, new Unotify.Core.Routing.ReplayedJob("atlassian", "j2"), T0.AddMinutes(1));
        await _history.RecordAttemptAsync(job, Attempt(1, "done", "ok") with { Worker = "slack", JobId = "j3" });
        await _history.RecordReplayAsync(job.Event, new Unotify.Core.Routing.ReplayedJob("slack", "j3"), T0.AddMinutes(2));

        var record = (await _history.FindAsync("d1", CancellationToken.None)).Should().ContainSingle().Subject;

        record.Attempts.Select(attempt => (attempt.Worker, attempt.JobId, attempt.Attempt, attempt.Result)).Should().Equal(
            ("atlassian", "j", 1, "fail"),
            ("atlassian", "j2", 0, AttemptResults.Replayed),
            ("atlassian", "j2", 1, "done"),
            ("slack", "j3", 0, AttemptResults.Replayed),
            ("slack", "j3", 1, "done"));
    }

    [Fact]
    public async Task A_duplicate_is_counted_on_the_first_delivery_not_listed_again()
    {
        await _history.RecordDoorAsync("github", "42", "d1", "push", T0, DoorOutcome.Queued, null, ["atlassian"]);
        await _history.RecordDoorAsync("github", "42", "d1", "push", T0.AddSeconds(5), DoorOutcome.Duplicate, null, []);
        await _history.RecordDoorAsync("github", "42", "d1", "push", T0.AddSeconds(9), DoorOutcome.Duplicate, null, []);

        var (page, _) = await _history.ListAsync(new HistoryFilter(), null, 10, CancellationToken.None);

        var record = page.Should().ContainSingle().Subject;
        (record.Outcome, record.Duplicates, record.Workers.Count).Should().Be((DoorOutcome.Queued, 2, 1));
    }

    [Fact]
    public async Task A_rejection_never_overwrites_what_happened_to_a_real_delivery_of_the_same_id()
    {
        await _history.RecordDoorAsync("github", "42", "d1", "push", T0, DoorOutcome.Queued, null, ["atlassian"]);
        await _history.RecordDoorAsync("github", "42", "d1", null, T0.AddSeconds(1), DoorOutcome.Rejected, "bad signature", []);
        await _history.RecordDoorAsync("github", "42", "d2", null, T0.AddSeconds(2), DoorOutcome.Rejected, "bad signature", []);
        await _history.RecordDoorAsync("github", "42", "d2", "push", T0.AddSeconds(3), DoorOutcome.Queued, null, ["atlassian"]);

        (await _history.FindAsync("d1", CancellationToken.None)).Single().Outcome.Should().Be(DoorOutcome.Queued);
        var second = (await _history.FindAsync("d2", CancellationToken.None)).Single();
        (second.Outcome, second.Reason).Should().Be((DoorOutcome.Queued, (string?)null), "a sender that fixed its secret and sent again was queued");
    }

    [Fact]
    public async Task The_list_is_newest_first_filtered_and_paged_with_a_cursor_without_gaps_or_repeats()
    {
        for (var i = 0; i < 25; i++)
        {
            // Pairs share a millisecond, so the cursor must tell them apart.
            await _history.RecordDoorAsync("github", i % 2 == 0 ? "even" : "odd", $"d{i:00}", "push", T0.AddSeconds(i / 2), i % 5 == 0 ? DoorOutcome.Rejected : DoorOutcome.Queued, null, ["atlassian"]);
        }

        var seen = new List<string>();
        HistoryCursor? cursor = null;
        do
        {
            (var page, cursor) = await _history.ListAsync(new HistoryFilter(), cursor, 4, CancellationToken.None);
            seen.AddRange(page.Select(record => record.DeliveryId));
        }
        while (cursor is not null);

        seen.Should().HaveCount(25).And.OnlyHaveUniqueItems();
        seen[0].Should().Be("d24");
        seen.Skip(1).Take(2).Should().BeEquivalentTo(["d23", "d22"], "they arrived in the same millisecond");
        var (even, _) = await _history.ListAsync(new HistoryFilter { RepoId = "even", Outcome = DoorOutcome.Rejected }, null, 50, CancellationToken.None);
        even.Select(record => record.DeliveryId).Should().Equal("d20", "d10", "d00");
        var (recent, _) = await _history.ListAsync(new HistoryFilter { Since = T0.AddSeconds(11) }, null, 50, CancellationToken.None);
        recent.Select(record => record.DeliveryId).Should().BeEquivalentTo(["d24", "d23", "d22"]);
    }

    [Fact]
    public async Task A_list_spread_over_buckets_is_newest_first_and_paged_without_gaps_or_repeats()
    {
        var history = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 8_000 });
        await history.PrepareIndexAsync(CancellationToken.None);
        var expected = new List<(long Ms, string Key, string Id)>();
        for (var i = 0; i < 300; i++)
        {
            // Runs of three share a millisecond, so ties fall across buckets and the cursor must tell them apart.
            var at = T0.AddSeconds(i / 3);
            await history.RecordDoorAsync("github", "42", $"d{i:000}", "push", at, i % 7 == 0 ? DoorOutcome.Rejected : DoorOutcome.Queued, null, ["atlassian"]);
            expected.Add((at.ToUnixTimeMilliseconds(), KeySpace.DeliveryKey("github", "42", $"d{i:000}"), $"d{i:000}"));
        }

        var seen = new List<string>();
        HistoryCursor? cursor = null;
        do
        {
            (var page, cursor) = await history.ListAsync(new HistoryFilter(), cursor, 37, CancellationToken.None);
            seen.AddRange(page.Select(record => record.DeliveryId));
        }
        while (cursor is not null);

        var newestFirst = expected.OrderByDescending(entry => entry.Ms).ThenByDescending(entry => entry.Key, StringComparer.Ordinal).Select(entry => entry.Id);
        seen.Should().Equal(newestFirst, "one sorted set would list them so");
        var buckets = HistoryIndexLayout.KeysOf(_store.Keys, 8);
        var sizes = await Task.WhenAll(buckets.Select(bucket => _store.Database.SortedSetLengthAsync(bucket)));
        sizes.Should().OnlyContain(size => size > 0, "a hash of the key spreads 300 deliveries over every one of 8 buckets");
        sizes.Sum().Should().Be(300);
        (await _store.Database.KeyExistsAsync(_store.Keys.HistoryIndex)).Should().BeFalse();
        var (rejected, _) = await history.ListAsync(new HistoryFilter { Outcome = DoorOutcome.Rejected, Since = T0.AddSeconds(90) }, null, 50, CancellationToken.None);
        rejected.Select(record => record.DeliveryId).Should().Equal(newestFirst.Where(id => int.Parse(id[1..]) % 7 == 0 && int.Parse(id[1..]) / 3 >= 90));
    }

    [Fact]
    public async Task Many_deliveries_of_one_millisecond_page_through_the_buckets_in_small_pages_without_gaps_or_repeats()
    {
        var history = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 8_000 });
        await history.PrepareIndexAsync(CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            history.RecordDoorAsync("github", "42", $"d{i:00}", "push", T0, DoorOutcome.Queued, null, [])));

        // Pages of 2 read each bucket 4 entries at a time, and a bucket holds ~8 of this millisecond: skipping those a
        // cursor already passed takes more than one read.
        var seen = new List<string>();
        HistoryCursor? cursor = null;
        do
        {
            (var page, cursor) = await history.ListAsync(new HistoryFilter(), cursor, 2, CancellationToken.None);
            seen.AddRange(page.Select(record => record.DeliveryId));
        }
        while (cursor is not null);

        seen.Should().Equal(Enumerable.Range(0, 60).Select(i => $"d{i:00}").OrderByDescending(id => KeySpace.DeliveryKey("github", "42", id), StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_bucket_keeps_its_share_so_the_history_keeps_its_most_entries_and_deletes_the_rest()
    {
        var history = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 2_000 });
        await history.PrepareIndexAsync(CancellationToken.None);
        for (var from = 0; from < 2_400; from += 100)
        {
            await Task.WhenAll(Enumerable.Range(from, 100).Select(i =>
                history.RecordDoorAsync("github", "42", $"d{i:0000}", "push", T0.AddMilliseconds(i), DoorOutcome.Queued, null, [])));
        }

        var sizes = await Task.WhenAll(HistoryIndexLayout.KeysOf(_store.Keys, 2).Select(bucket => _store.Database.SortedSetLengthAsync(bucket)));
        sizes.Should().Equal([1_000, 1_000], "2,000 entries make two buckets of a thousand, and each had more than its share");
        (await history.FindAsync("d0000", CancellationToken.None)).Should().BeEmpty("the oldest left its bucket and was deleted");
        (await _store.Database.KeyExistsAsync(_store.Keys.HistoryRecord(KeySpace.DeliveryKey("github", "42", "d0000")))).Should().BeFalse();
        (await history.FindAsync("d2399", CancellationToken.None)).Should().ContainSingle();
        var (newest, _) = await history.ListAsync(new HistoryFilter(), null, 300, CancellationToken.None);
        newest.Select(record => record.DeliveryId).Should().Equal(Enumerable.Range(2_100, 300).Reverse().Select(i => $"d{i:0000}"));
    }

    [Fact]
    public async Task A_list_in_one_set_from_an_earlier_release_is_moved_into_buckets_and_back_when_the_size_changes()
    {
        var earlier = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 1_999 });
        for (var from = 0; from < 1_500; from += 100)
        {
            await Task.WhenAll(Enumerable.Range(from, 100).Select(i =>
                earlier.RecordDoorAsync("github", "42", $"d{i:0000}", "push", T0.AddMilliseconds(i), DoorOutcome.Queued, null, [])));
        }

        (await _store.Database.SortedSetLengthAsync(_store.Keys.HistoryIndex)).Should().Be(1_500, "up to 1,999 entries the list is the one set earlier releases wrote");
        var larger = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 4_000 });
        var readerWithOtherSettings = new RedisDeliveryHistory(_store, new HistoryOptions { MaxEntries = 1 });

        (await larger.PrepareIndexAsync(CancellationToken.None)).Should().Be(1_500);
        (await larger.PrepareIndexAsync(CancellationToken.None)).Should().Be(0, "a second start finds nothing to move");

        (await _store.Database.KeyExistsAsync(_store.Keys.HistoryIndex)).Should().BeFalse();
        ((string?)await _store.Database.StringGetAsync(_store.Keys.HistoryIndexLayout)).Should().Be("4");
        var everything = Enumerable.Range(0, 1_500).Reverse().Select(i => $"d{i:0000}").ToList();
        (await ListAllAsync(larger)).Should().Equal(everything);
        (await ListAllAsync(readerWithOtherSettings)).Should().Equal(everything, "a reader follows the layout the store records, not its own settings");

        // A process of the earlier release, still running, adds to the one set; the next start moves that too.
        await earlier.RecordDoorAsync("github", "42", "late", "push", T0.AddSeconds(10), DoorOutcome.Queued, null, []);
        (await larger.PrepareIndexAsync(CancellationToken.None)).Should().Be(1);
        (await ListAllAsync(larger)).Should().Equal(["late", .. everything]);

        var smaller = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 1_000 });
        (await smaller.PrepareIndexAsync(CancellationToken.None)).Should().Be(1_501);
        (await _store.Database.SortedSetLengthAsync(_store.Keys.HistoryIndex)).Should().Be(1_501, "the cap trims as deliveries come, not at the move");
        (await ListAllAsync(smaller)).Should().Equal(["late", .. everything]);
    }

    [Fact]
    public async Task A_layout_record_that_is_not_a_bucket_count_fails_a_listing_clearly_and_the_next_start_writes_it_again()
    {
        await _history.RecordDoorAsync("github", "42", "d1", "push", T0, DoorOutcome.Queued, null, []);
        await _store.Database.StringSetAsync(_store.Keys.HistoryIndexLayout, "banana");

        var listing = () => _history.ListAsync(new HistoryFilter(), null, 10, CancellationToken.None);

        (await listing.Should().ThrowAsync<StoreUnavailableException>()).Which.Message.Should()
            .Contain(_store.Keys.HistoryIndexLayout).And.Contain("'banana'").And.Contain("restart the server");
        await _history.PrepareIndexAsync(CancellationToken.None);
        (await listing()).Deliveries.Select(record => record.DeliveryId).Should().Equal("d1");
    }

    [Fact]
    public async Task A_ticket_named_by_attempts_of_several_deliveries_finds_them_all_newest_first()
    {
        foreach (var (delivery, seconds) in new[] { ("d1", 0), ("d2", 10) })
        {
            await _history.RecordDoorAsync("github", "42", delivery, "pull_request.merged", T0.AddSeconds(seconds), DoorOutcome.Queued, null, ["atlassian"]);
            await _history.RecordAttemptAsync(Job(delivery), Attempt(1, "done", "ok", new ItemRecord("soc-1", "moved", "x", "To Do", "In Progress", "title")) with { EndedAt = T0.AddSeconds(seconds + 1) });
        }

        await _history.RecordAttemptAsync(Job("d3"), Attempt(1, "done", "ok", new ItemRecord("message", "moved", "posted", null, null, null)));

        (await _history.ForTicketAsync("SOC-1", CancellationToken.None)).Select(record => record.DeliveryId).Should().Equal("d2", "d1");
        (await _history.ForTicketAsync("soc-2", CancellationToken.None)).Should().BeEmpty();
        (await _store.Database.KeyExistsAsync(_store.Keys.HistoryTicket("MESSAGE"))).Should().BeFalse("only ticket keys are indexed");
    }

    [Fact]
    public async Task Entries_older_than_the_retention_leave_the_list_and_every_key_expires_with_it()
    {
        var history = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromHours(1), MaxEntries = 3 });
        var now = DateTimeOffset.UtcNow;
        await history.RecordDoorAsync("github", "42", "old", "push", now.AddHours(-2), DoorOutcome.Queued, null, []);
        for (var i = 0; i < 4; i++)
        {
            await history.RecordDoorAsync("github", "42", $"new{i}", "push", now.AddSeconds(i), DoorOutcome.Queued, null, []);
        }

        await history.RecordAttemptAsync(Job("new3"), Attempt(1, "done", "ok", new ItemRecord("SOC-9", "moved", "x", null, null, null)));

        var (page, _) = await history.ListAsync(new HistoryFilter(), null, 50, CancellationToken.None);
        page.Select(record => record.DeliveryId).Should().Equal(["new3", "new2", "new1"], "the oldest by time and then beyond the cap of 3 are trimmed");
        var key = KeySpace.DeliveryKey("github", "42", "new3");
        foreach (var stored in new[] { _store.Keys.HistoryRecord(key), _store.Keys.HistoryAttempts(key), _store.Keys.HistoryById("new3"), _store.Keys.HistoryTicket("SOC-9") })
        {
            var ttl = await _store.Database.KeyTimeToLiveAsync(stored);
            ttl.Should().NotBeNull(stored).And.Subject!.Value.Should().BeCloseTo(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task A_delivery_that_leaves_the_list_is_deleted_with_its_attempts_its_kept_event_and_its_place_in_the_id_index()
    {
        var history = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.FromHours(1), MaxEntries = 3 });
        var now = DateTimeOffset.UtcNow;
        await history.RecordDoorAsync("github", "42", "a", "push", now.AddHours(-2), DoorOutcome.Queued, null, ["atlassian"]);
        await history.RecordAttemptAsync(Job("a"), Attempt(1, "done", "ok"));
        await history.RecordDoorAsync("github", "42", "b", "push", now, DoorOutcome.Queued, null, ["atlassian"]);
        await history.RecordAttemptAsync(Job("b"), Attempt(1, "done", "ok"));

        // "a" is past the retention once "b" comes; "b" is beyond the cap of 3 once "d" comes. Another repo's delivery
        // with the id "a" keeps its place in the id index.
        await history.RecordDoorAsync("github", "43", "a", "push", now.AddSeconds(1), DoorOutcome.Queued, null, []);
        await history.RecordDoorAsync("github", "42", "c", "push", now.AddSeconds(2), DoorOutcome.Queued, null, []);
        await history.RecordDoorAsync("github", "42", "d", "push", now.AddSeconds(3), DoorOutcome.Queued, null, []);

        var (page, _) = await history.ListAsync(new HistoryFilter(), null, 50, CancellationToken.None);
        page.Select(record => (record.RepoId, record.DeliveryId)).Should().Equal(("42", "d"), ("42", "c"), ("43", "a"));
        foreach (var gone in new[] { "a", "b" })
        {
            var key = KeySpace.DeliveryKey("github", "42", gone);
            foreach (var stored in new[] { _store.Keys.HistoryRecord(key), _store.Keys.HistoryAttempts(key), _store.Keys.HistoryPayload(key) })
            {
                (await _store.Database.KeyExistsAsync(stored)).Should().BeFalse($"{stored} belonged to a delivery that left the list");
            }

            (await history.KeptEventAsync("github", "42", gone, CancellationToken.None)).Should().BeNull();
        }

        (await history.FindAsync("a", CancellationToken.None)).Should().ContainSingle().Which.RepoId.Should().Be("43");
        (await history.FindAsync("b", CancellationToken.None)).Should().BeEmpty();
        (await _store.Database.SortedSetLengthAsync(_store.Keys.HistoryById("b"))).Should().Be(0);
        (await history.FindAsync("c", CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task The_event_is_kept_for_a_replay_once_an_attempt_ends_the_job_and_not_before()
    {
        var job = Job("d1");
        await _history.RecordAttemptAsync(job, Attempt(1, "retry", "Jira answered 503"));
        (await _history.KeptEventAsync("github", "42", "d1", CancellationToken.None)).Should().BeNull("the job still holds its event");

        await _history.RecordAttemptAsync(job with { Attempt = 2 }, Attempt(2, "done", "ok"));

        var kept = await _history.KeptEventAsync("github", "42", "d1", CancellationToken.None);
        kept.Should().NotBeNull();
        kept!.Should().BeEquivalentTo(job.Event, options => options.Excluding(e => e.Payload));
        kept.Payload.ToArray().Should().Equal(job.Event.Payload.ToArray());
        var ttl = await _store.Database.KeyTimeToLiveAsync(_store.Keys.HistoryPayload(KeySpace.DeliveryKey("github", "42", "d1")));
        ttl!.Value.Should().BeCloseTo(TimeSpan.FromHours(24), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task The_event_of_a_large_delivery_is_kept_in_parts_that_expire_with_it_and_comes_back_whole()
    {
        var large = Job("d1");
        large = large with { Event = large.Event with { Payload = Enumerable.Range(0, (2 * JobJson.PartBytes) + 7).Select(i => (byte)(i * 31 % 251)).ToArray() } };
        var fetched = JobJson.DeserializeJoined(JobJson.Serialize(large), large.Event.Payload.ToArray());

        await _history.RecordAttemptAsync(fetched, Attempt(1, "done", "ok"));

        var kept = await _history.KeptEventAsync("github", "42", "d1", CancellationToken.None);
        kept!.Payload.ToArray().Should().Equal(large.Event.Payload.ToArray());
        var payloadKey = _store.Keys.HistoryPayload(KeySpace.DeliveryKey("github", "42", "d1"));
        (await _store.Database.StringLengthAsync(payloadKey)).Should().BeLessThan(4096, "the payload is in its parts");
        for (var number = 1; number <= 3; number++)
        {
            var part = KeySpace.HistoryPayloadPartPrefix(payloadKey) + number;
            (await _store.Database.StringLengthAsync(part)).Should().Be(number < 3 ? JobJson.PartBytes : 7);
            (await _store.Database.KeyTimeToLiveAsync(part))!.Value.Should().BeCloseTo(TimeSpan.FromHours(24), TimeSpan.FromMinutes(1));
        }

        await _store.Database.KeyDeleteAsync(KeySpace.HistoryPayloadPartPrefix(payloadKey) + 2);
        await FluentActions.Awaiting(() => _history.KeptEventAsync("github", "42", "d1", CancellationToken.None))
            .Should().ThrowAsync<InvalidDataException>().WithMessage("Part 2 of 3 of a stored job's payload is missing.");
    }

    [Fact]
    public async Task The_event_of_a_usual_delivery_is_kept_compressed_and_comes_back_as_it_was_sent()
    {
        var usual = Job("d1");
        usual = usual with { Event = usual.Event with { Payload = KeptEventFormTests.PullRequestLike(28 * 1024) } };
        var fetched = JobJson.Deserialize(JobJson.Serialize(usual));

        await _history.RecordAttemptAsync(fetched, Attempt(1, "done", "ok"));

        var kept = await _history.KeptEventAsync("github", "42", "d1", CancellationToken.None);
        kept!.Payload.ToArray().Should().Equal(usual.Event.Payload.ToArray());
        kept.Texts.Should().BeEquivalentTo(usual.Event.Texts);
        var payloadKey = _store.Keys.HistoryPayload(KeySpace.DeliveryKey("github", "42", "d1"));
        (await _store.Database.StringLengthAsync(payloadKey)).Should().BeLessThan(fetched.StoredForm.Length / 3, "webhook JSON compresses several times over");
    }

    [Fact]
    public async Task A_history_turned_off_writes_nothing()
    {
        var history = new RedisDeliveryHistory(_store, new HistoryOptions { Retention = TimeSpan.Zero });

        await history.RecordDoorAsync("github", "42", "d1", "push", T0, DoorOutcome.Queued, null, []);
        await history.RecordAttemptAsync(Job("d1"), Attempt(1, "done", "ok"));

        (await history.FindAsync("d1", CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_attempt_that_is_not_json_is_left_out_instead_of_failing_the_read()
    {
        await _history.RecordDoorAsync("github", "42", "d1", "push", T0, DoorOutcome.Queued, null, ["atlassian"]);
        await _history.RecordAttemptAsync(Job("d1"), Attempt(1, "done", "ok"));
        await _store.Database.ListRightPushAsync(_store.Keys.HistoryAttempts(KeySpace.DeliveryKey("github", "42", "d1")), "{not json");

        (await _history.FindAsync("d1", CancellationToken.None)).Single().Attempts.Should().ContainSingle();
    }

    [Fact]
    public async Task A_failed_write_is_swallowed_so_it_never_fails_the_delivery()
    {
        var closed = await TestStores.OpenAsync(backend);
        var history = new RedisDeliveryHistory(closed, new HistoryOptions());
        await closed.DisposeAsync();

        await FluentActions.Awaiting(() => history.RecordDoorAsync("github", "42", "d1", "push", T0, DoorOutcome.Queued, null, [])).Should().NotThrowAsync();
        await FluentActions.Awaiting(() => history.RecordAttemptAsync(Job("d1"), Attempt(1, "done", "ok"))).Should().NotThrowAsync();
    }

    private static async Task<List<string>> ListAllAsync(RedisDeliveryHistory history)
    {
        var seen = new List<string>();
        HistoryCursor? cursor = null;
        do
        {
            (var page, cursor) = await history.ListAsync(new HistoryFilter(), cursor, 500, CancellationToken.None);
            seen.AddRange(page.Select(record => record.DeliveryId));
        }
        while (cursor is not null);
        return seen;
    }

    private static Job Job(string deliveryId) => new("j-" + deliveryId, "atlassian", SomeEvents.PullRequestMerged(deliveryId) with { RepoId = "42" }, 1, T0, null);

    private static AttemptRecord Attempt(int attempt, string result, string reason, params ItemRecord[] items) =>
        new("atlassian", "j", attempt, T0, T0.AddMilliseconds(30), result, reason, items);
}

public sealed class DeliveryHistoryTests_on_redis(RedisServerBackend backend) : DeliveryHistoryTests(backend), IClassFixture<RedisServerBackend>;

public sealed class DeliveryHistoryTests_on_redis_cluster(RedisClusterBackend backend) : DeliveryHistoryTests(backend), IClassFixture<RedisClusterBackend>;

public sealed class DeliveryHistoryTests_on_garnet(GarnetBackend backend) : DeliveryHistoryTests(backend), IClassFixture<GarnetBackend>;

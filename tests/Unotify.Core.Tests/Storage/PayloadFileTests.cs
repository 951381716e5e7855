using Microsoft.Extensions.Time.Testing;
using Unotify.Core.History;
using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Core.Storage;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>The embedded store's large payloads, kept in files beside it that its jobs name.</summary>
public sealed class PayloadFileTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_payload_is_written_once_under_its_hash_and_read_back_whole()
    {
        using var directory = new TemporaryDirectory();
        var files = new PayloadFiles(directory.Path, new FakeTimeProvider(T0));
        var payload = Payload(3);

        var name = await files.KeepAsync(payload, CancellationToken.None);
        var again = await files.KeepAsync(payload.ToArray(), CancellationToken.None);

        again.Should().Be(name);
        name.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload)));
        Directory.GetFiles(files.Directory).Should().ContainSingle().Which.Should().EndWith(name);
        (await files.ReadAsync(name, payload.Length, CancellationToken.None)).Should().Equal(payload);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(files.Directory, name)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a webhook body is for the owner of the data directory only");
        }
    }

    [Fact]
    public async Task A_missing_cut_or_changed_file_is_reported_as_unreadable_with_what_happened()
    {
        using var directory = new TemporaryDirectory();
        var files = new PayloadFiles(directory.Path, new FakeTimeProvider(T0));
        var payload = Payload(2);
        var name = await files.KeepAsync(payload, CancellationToken.None);
        var path = Path.Combine(files.Directory, name);

        await FluentActions.Awaiting(() => files.ReadAsync(name, payload.Length + 1, CancellationToken.None))
            .Should().ThrowAsync<InvalidDataException>().WithMessage($"Payload file {path} has {payload.Length} bytes, but the job that names it says {payload.Length + 1}*");
        payload[1000] ^= 0xff;
        await File.WriteAllBytesAsync(path, payload);
        await FluentActions.Awaiting(() => files.ReadAsync(name, payload.Length, CancellationToken.None))
            .Should().ThrowAsync<InvalidDataException>().WithMessage($"Payload file {path} does not hold the payload it is named after*");
        File.Delete(path);
        await FluentActions.Awaiting(() => files.ReadAsync(name, payload.Length, CancellationToken.None))
            .Should().ThrowAsync<InvalidDataException>().WithMessage($"Payload file {path} named by a stored job is missing*payloads/ folder*");
        Directory.Delete(files.Directory);
        await FluentActions.Awaiting(() => files.ReadAsync(name, payload.Length, CancellationToken.None))
            .Should().ThrowAsync<InvalidDataException>().WithMessage($"Payload file {path} named by a stored job is missing*", "a data directory restored without payloads/ says so too");
        await FluentActions.Awaiting(() => files.ReadAsync("../../etc/passwd", 10, CancellationToken.None))
            .Should().ThrowAsync<InvalidDataException>().WithMessage("*which is not a SHA-256 in hexadecimal*");
    }

    [Fact]
    public async Task A_sweep_deletes_a_file_only_when_two_sweeps_in_a_row_found_it_unnamed_and_old()
    {
        using var directory = new TemporaryDirectory();
        var time = new FakeTimeProvider(T0);
        var files = new PayloadFiles(directory.Path, time);
        var named = await files.KeepAsync(Payload(2, seed: 1), CancellationToken.None);
        var unnamed = await files.KeepAsync(Payload(2, seed: 2), CancellationToken.None);
        var keptAgain = await files.KeepAsync(Payload(2, seed: 3), CancellationToken.None);
        Task<IReadOnlySet<string>> Named(CancellationToken _) => Task.FromResult<IReadOnlySet<string>>(new HashSet<string> { named });

        (await files.SweepAsync(Named, CancellationToken.None)).Should().Be(0, "every file is younger than the grace");
        time.Advance(PayloadFiles.Grace + TimeSpan.FromMinutes(1));
        (await files.SweepAsync(Named, CancellationToken.None)).Should().Be(0, "one sweep may miss a job moved between two keys while it scanned");
        await files.KeepAsync(Payload(2, seed: 3), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(10));
        (await files.SweepAsync(Named, CancellationToken.None)).Should().Be(1);

        File.Exists(Path.Combine(files.Directory, unnamed)).Should().BeFalse();
        File.Exists(Path.Combine(files.Directory, named)).Should().BeTrue("a stored value names it");
        File.Exists(Path.Combine(files.Directory, keptAgain)).Should().BeTrue("it was kept again (a new delivery of the same body) between the sweeps");
        time.Advance(PayloadFiles.Grace + TimeSpan.FromMinutes(1));
        (await files.SweepAsync(Named, CancellationToken.None)).Should().Be(0);
        (await files.SweepAsync(Named, CancellationToken.None)).Should().Be(1);
        Directory.GetFiles(files.Directory).Select(Path.GetFileName).Should().Equal(named);
    }

    [Fact]
    public async Task A_sweep_deletes_what_a_crash_left_of_a_write_or_a_deletion_once_it_is_old()
    {
        using var directory = new TemporaryDirectory();
        var time = new FakeTimeProvider(T0);
        var files = new PayloadFiles(directory.Path, time);
        Directory.CreateDirectory(files.Directory);
        var leftOvers = new[] { $"{new string('a', 64)}.{Guid.NewGuid():N}.tmp", $"{new string('b', 64)}.{Guid.NewGuid():N}.deleting" };
        foreach (var name in leftOvers)
        {
            await File.WriteAllBytesAsync(Path.Combine(files.Directory, name), [1, 2, 3]);
            File.SetLastWriteTimeUtc(Path.Combine(files.Directory, name), T0.UtcDateTime);
        }

        await File.WriteAllTextAsync(Path.Combine(files.Directory, "README.txt"), "an operator's note");
        File.SetLastWriteTimeUtc(Path.Combine(files.Directory, "README.txt"), T0.UtcDateTime);
        time.Advance(PayloadFiles.Grace + TimeSpan.FromMinutes(1));

        (await files.SweepAsync(_ => Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()), CancellationToken.None)).Should().Be(2);

        Directory.GetFiles(files.Directory).Select(Path.GetFileName).Should().Equal("README.txt");
    }

    [Fact]
    public async Task A_large_payload_on_the_embedded_store_is_kept_in_one_file_its_jobs_name_through_retry_dead_letter_replay_and_a_restart()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path };
        var payload = Payload(24);
        string name;
        await using (var store = await RedisStore.OpenAsync(options))
        {
            store.PayloadFiles.Should().NotBeNull();
            var router = new RedisEventRouter(store, [TestWorkers.Receiving(store, "atlassian"), TestWorkers.Receiving(store, "slack")]);
            (await router.RouteAsync(SomeEvents.PullRequestMerged("big") with { Payload = payload }, CancellationToken.None)).Workers
                .Should().BeEquivalentTo("atlassian", "slack");

            name = Directory.GetFiles(store.PayloadFiles!.Directory).Should().ContainSingle("both workers' jobs name one file").Which;
            name = Path.GetFileName(name);
            store.StoresPayloadsInParts.Should().BeFalse("Garnet's compaction failed on payloads in parts");
            var atlassian = new RedisWorkerQueue(store, "atlassian");
            var server = store.Connection.GetServers().Single();
            var jobKey = await server.KeysAsync(pattern: atlassian.Keys.JobPrefix + "*").SingleAsync();
            (await store.Database.StringLengthAsync(jobKey)).Should().BeLessThan(4096, "the job names its payload's file rather than holding 24 MB");
            (await server.KeysAsync(pattern: atlassian.Keys.PartsPrefix + "*").CountAsync()).Should().Be(0);
        }

        await using (var store = await RedisStore.OpenAsync(options))
        {
            var atlassian = new RedisWorkerQueue(store, "atlassian");
            var dead = new RedisDeadLetterStore(store, ["atlassian"]);

            var leased = (await atlassian.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            leased.Job.Event.Payload.ToArray().Should().Equal(payload);
            (await atlassian.RetryAsync(leased, "Jira answered 503", TimeSpan.Zero, AttemptCount.Counted, CancellationToken.None)).Should().BeTrue();
            leased = (await atlassian.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            (leased.Job.Attempt, leased.Job.LastError).Should().Be((2, "Jira answered 503"));
            leased.Job.Event.Payload.ToArray().Should().Equal(payload, "a retry rewrites the job naming the same file");
            (await atlassian.DeadLetterAsync(leased, "gave up", CancellationToken.None)).Should().BeTrue();

            var letter = (await dead.ListAsync("atlassian", 0, 10, CancellationToken.None)).Should().ContainSingle().Subject;
            letter.Job.Event.Payload.Length.Should().Be(0, "a listing never reads a 24 MB payload");
            (await dead.ReplayAsync("atlassian", leased.Job.Id, CancellationToken.None)).Should().BeTrue();
            var replayed = (await atlassian.FetchAsync(1, CancellationToken.None)).Jobs.Single();
            replayed.Job.Event.Payload.ToArray().Should().Equal(payload);

            (await store.PayloadFileSweeper!.NamedAsync(CancellationToken.None)).Should().Contain(name);
        }
    }

    [Fact]
    public async Task A_payload_file_is_deleted_by_the_sweeps_after_its_last_job_is_done_and_its_kept_event_expired_and_not_before()
    {
        using var directory = new TemporaryDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path }, time);
        var history = new RedisDeliveryHistory(store, new HistoryOptions { Retention = TimeSpan.FromDays(14), MaxEntries = 1000 });
        var queue = new RedisWorkerQueue(store, "atlassian");
        var payload = Payload(3);
        await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("big") with { Payload = payload });
        var name = Path.GetFileName(Directory.GetFiles(store.PayloadFiles!.Directory).Single());
        var sweeper = store.PayloadFileSweeper!;
        time.Advance(PayloadFiles.Grace + TimeSpan.FromMinutes(1));

        (await sweeper.SweepOnceAsync(CancellationToken.None) + await sweeper.SweepOnceAsync(CancellationToken.None)).Should().Be(0, "the queued job names it");
        var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (await queue.AckAsync(leased, ProcessingResult.Done("moved", []), CancellationToken.None)).Should().BeTrue();
        await history.RecordAttemptAsync(leased.Job, new AttemptRecord("atlassian", leased.Job.Id, 1, time.GetUtcNow(), time.GetUtcNow(), AttemptResults.Done, "moved", []));
        (await sweeper.SweepOnceAsync(CancellationToken.None) + await sweeper.SweepOnceAsync(CancellationToken.None)).Should().Be(0, "the delivery's kept event names it, for a replay");
        (await history.KeptEventAsync("github", "123", "big", CancellationToken.None))!.Payload.ToArray().Should().Equal(payload);

        await store.Database.KeyDeleteAsync(store.Keys.HistoryPayload(KeySpace.DeliveryKey("github", "123", "big")));
        (await sweeper.SweepOnceAsync(CancellationToken.None)).Should().Be(0, "the first sweep that finds it unnamed keeps it");
        (await sweeper.SweepOnceAsync(CancellationToken.None)).Should().Be(1);
        File.Exists(Path.Combine(store.PayloadFiles.Directory, name)).Should().BeFalse();
    }

    [Fact]
    public async Task A_follow_up_of_a_large_delivery_names_the_same_file_and_its_follower_reads_the_payload()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path });
        var jira = Unotify.Core.Workers.Worker.Receiving(TestWorkers.Definition("jira"), store);
        var chat = Unotify.Core.Workers.Worker.Receiving(TestWorkers.Definition("chat") with { After = "jira" }, store);
        var router = new RedisEventRouter(store, [jira, chat]);
        var payload = Payload(5);
        await router.RouteAsync(SomeEvents.PullRequestMerged("big") with { Payload = payload }, CancellationToken.None);

        var leased = (await jira.Queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (await jira.Queue.AckAsync(leased, ProcessingResult.Done("moved", []), CancellationToken.None)).Should().BeTrue();
        var followUp = (await chat.Queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();

        followUp.Job.Followed.Should().NotBeNull();
        followUp.Job.Event.Payload.ToArray().Should().Equal(payload);
        followUp.Job.PayloadFile.Should().Be(leased.Job.PayloadFile).And.NotBeNull();
        Directory.GetFiles(store.PayloadFiles!.Directory).Should().ContainSingle();
    }

    [Fact]
    public async Task The_sweep_finds_the_files_named_by_jobs_dead_letters_and_outbox_entries_among_keys_of_every_kind()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path });
        string Name(int seed) => PayloadFiles.NameOf(Payload(1, seed));
        string Stored(int seed) => $"unotify-job/4 file={Name(seed)} bytes=1048600\n{{}}\n";
        await store.Database.StringSetAsync("t:{w:jira}:job:1", Stored(1));
        await store.Database.StringSetAsync("t:{w:jira}:deadjob:2", Stored(2));
        await store.Database.HashSetAsync("t:{w:jira}:outbox", [new("3", Stored(3)), new("4", "unotify-job/2\n{}\n")]);
        await store.Database.HashSetAsync("t:{w:jira}:tokens", "5", Stored(5));
        await store.Database.SortedSetAddAsync("t:{w:jira}:due", "6", 1);
        await store.Database.ListRightPushAsync("t:{h:x}:a", Stored(7));
        await store.Database.StringSetAsync("t:{h:x}:p", "unotify-kept/1 brotli bytes=10\n...");

        var named = await store.PayloadFileSweeper!.NamedAsync(CancellationToken.None);

        named.Should().BeEquivalentTo([Name(1), Name(2), Name(3)], "jobs, dead letters and outbox entries name files; other hashes, lists and sorted sets hold no stored job");
    }

    [Fact]
    public async Task A_job_whose_payload_file_is_gone_is_dead_lettered_as_unreadable_saying_which_file_and_the_next_job_runs()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path });
        var queue = new RedisWorkerQueue(store, "atlassian");
        await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("big") with { Payload = Payload(2) });
        await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("small"));
        var path = Directory.GetFiles(store.PayloadFiles!.Directory).Single();
        File.Delete(path);

        var fetched = await queue.FetchAsync(10, CancellationToken.None);

        fetched.Jobs.Select(leased => leased.Job.Event.DeliveryId).Should().Equal("small");
        fetched.Unreadable.Should().ContainSingle().Which.Error.Should().Contain($"Payload file {path} named by a stored job is missing");
        (await new RedisDeadLetterStore(store, ["atlassian"]).ListAsync("atlassian", 0, 10, CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_payload_file_that_cannot_be_written_makes_the_route_fail_as_store_unavailable_with_nothing_queued_and_a_resend_is_taken()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path });
        var queue = new RedisWorkerQueue(store, "atlassian");
        var big = SomeEvents.PullRequestMerged("big") with { Payload = Payload(2) };

        // A file where the payloads/ folder should be: as a full disk or a read-only directory, the write fails.
        await File.WriteAllTextAsync(store.PayloadFiles!.Directory, "in the way");
        await FluentActions.Awaiting(() => queue.RouteToAsync(store, big))
            .Should().ThrowAsync<StoreUnavailableException>().WithMessage($"Could not write a payload file into {store.PayloadFiles.Directory} (*); free disk space or make the data directory writable.");
        (await queue.CountAsync(CancellationToken.None)).Due.Should().Be(0);

        File.Delete(store.PayloadFiles.Directory);
        (await queue.RouteToAsync(store, big)).IsDuplicate.Should().BeFalse("the failed delivery was not marked seen, so the sender's resend is queued");
        (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single().Job.Event.Payload.ToArray().Should().Equal(big.Payload.ToArray());
    }

    [Fact]
    public async Task A_job_whose_texts_alone_are_over_the_embedded_limit_is_refused_with_nothing_stored()
    {
        using var directory = new TemporaryDirectory();
        await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = directory.Path });
        var queue = new RedisWorkerQueue(store, "atlassian");
        var huge = SomeEvents.PullRequestMerged("huge") with
        {
            Texts = [new EventText(TextSource.Body, new string('x', 2 * 1024 * 1024))],
            Payload = Payload(3),
        };

        await FluentActions.Awaiting(() => queue.RouteToAsync(store, huge))
            .Should().ThrowAsync<StoredJobTooLargeException>()
            .WithMessage("Delivery huge would be stored as a job of 2.0 MB; the embedded store takes jobs up to 1.75 MB besides their payload*Point UNOTIFY_REDIS at a Redis server*");
        (await queue.RouteToAsync(store, SomeEvents.PullRequestMerged("huge"))).IsDuplicate.Should().BeFalse("the refused delivery was not recorded as seen");
    }

    /// <summary>A JSON payload of about <paramref name="megabytes"/> MB, different for each <paramref name="seed"/>.</summary>
    private static byte[] Payload(int megabytes, int seed = 0) =>
        System.Text.Encoding.UTF8.GetBytes($$"""{"seed":{{seed}},"padding":"{{new string('x', megabytes * 1024 * 1024)}}"}""");
}

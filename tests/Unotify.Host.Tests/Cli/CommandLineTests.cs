using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Cli;

public sealed class CommandLineTests
{
    private readonly string[] _store = ["--redis", new RedisServerBackend().ConnectionString, "--key-prefix", TestStores.UniquePrefix(), "--secret-key", TestStores.SecretKey];

    [Fact]
    public async Task Registering_a_hook_prints_the_whole_payload_url_when_the_public_url_is_set_and_the_path_otherwise()
    {
        var withUrl = await UnotifyCli.RunAsync(["hooks", "register", "github", "78", "--public-url", "https://hooks.example.com/", .. _store]);
        var withoutUrl = await UnotifyCli.RunAsync(["hooks", "register", "github", "79", .. _store]);

        withUrl.Output.Should().Contain("payload URL:  https://hooks.example.com/conduit/webhooks/github/78/payload");
        withoutUrl.Output.Should().Contain("payload path: /conduit/webhooks/github/79/payload").And.Contain("or set UNOTIFY_PUBLIC_URL");
    }

    [Fact]
    public async Task Hooks_are_registered_listed_rotated_and_deleted_through_Redis_without_HTTP()
    {
        var register = await UnotifyCli.RunAsync(["hooks", "register", "github", "77", "acme/widgets", .. _store]);
        var secret = register.SecretShown;
        var list = await UnotifyCli.RunAsync(["hooks", "list", .. _store]);
        var rotate = await UnotifyCli.RunAsync(["hooks", "rotate", "github", "77", .. _store]);
        var again = await UnotifyCli.RunAsync(["hooks", "register", "github", "77", .. _store]);
        var delete = await UnotifyCli.RunAsync(["hooks", "delete", "github", "77", .. _store]);
        var deleteAgain = await UnotifyCli.RunAsync(["hooks", "delete", "github", "77", .. _store]);

        register.ExitCode.Should().Be(0);
        register.Output.Should().Contain("/conduit/webhooks/github/77/payload");
        secret.Should().HaveLength(64);
        list.ExitCode.Should().Be(0);
        list.Output.Should().Contain("github").And.Contain("77").And.Contain("acme/widgets").And.NotContain(secret);
        rotate.ExitCode.Should().Be(0);
        rotate.Output.Should().NotContain(secret);
        again.ExitCode.Should().Be(1);
        again.Error.Should().Contain("exists already");
        delete.ExitCode.Should().Be(0);
        deleteAgain.ExitCode.Should().Be(1);
    }

    [Fact]
    public async Task Dead_letters_of_a_worker_are_listed_and_an_unknown_one_cannot_be_replayed()
    {
        var list = await UnotifyCli.RunAsync(["dead", "list", "atlassian", .. _store]);
        var replay = await UnotifyCli.RunAsync(["dead", "replay", "atlassian", "no-such-job", .. _store]);
        var replayAll = await UnotifyCli.RunAsync(["dead", "replay-all", "atlassian", .. _store]);

        list.ExitCode.Should().Be(0);
        list.Output.Should().Contain("no dead letters");
        replay.ExitCode.Should().Be(1);
        replay.Error.Should().Contain("no dead letter 'no-such-job'");
        replayAll.Output.Should().Contain("Queued 0 dead letter(s)");
    }

    [Fact]
    public async Task Dead_letters_are_replayed_by_id_and_purged_through_Redis_without_HTTP()
    {
        var prefix = TestStores.UniquePrefix();
        string[] store = ["--redis", new RedisServerBackend().ConnectionString, "--key-prefix", prefix, "--secret-key", TestStores.SecretKey];
        var options = TestStores.OptionsFor(new RedisServerBackend()) with { KeyPrefix = prefix };
        string first;
        await using (var redis = await Unotify.Core.Storage.RedisStore.OpenAsync(options))
        {
            var queue = new Unotify.Core.Queue.RedisWorkerQueue(redis, "atlassian");
            first = await DeadLetterAsync(redis, queue, "d1");
            await DeadLetterAsync(redis, queue, "d2");
            await DeadLetterAsync(redis, queue, "d3");
        }

        var list = await UnotifyCli.RunAsync(["dead", "list", "atlassian", .. store]);
        var replay = await UnotifyCli.RunAsync(["dead", "replay", "atlassian", first, .. store]);
        var purge = await UnotifyCli.RunAsync(["dead", "purge", "atlassian", .. store]);
        var after = await UnotifyCli.RunAsync(["dead", "list", "atlassian", .. store]);

        list.Output.Should().StartWith("JOB_ID").And.Contain(first).And.MatchRegex(@"pull_request\.merged +d2 +1 +Jira refused it");
        replay.ExitCode.Should().Be(0);
        replay.Output.Should().Contain($"Queued dead letter '{first}'");
        purge.ExitCode.Should().Be(0);
        purge.Output.Should().Be("Deleted 2 dead letter(s) of worker 'atlassian'.\n");
        after.Output.Should().Contain("no dead letters");
    }

    private static async Task<string> DeadLetterAsync(Unotify.Core.Storage.RedisStore store, Unotify.Core.Queue.RedisWorkerQueue queue, string deliveryId)
    {
        await queue.RouteToAsync(store, SomeEvents.PullRequestMerged(deliveryId));
        var leased = (await queue.FetchAsync(1, CancellationToken.None)).Jobs.Single();
        (await queue.DeadLetterAsync(leased, "Jira refused it", CancellationToken.None)).Should().BeTrue();
        return leased.Job.Id;
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unotify: Unrecognized command or argument 'frobnicate'", "Run 'unotify --help'")]
    [InlineData(new[] { "hooks" }, "unotify hooks: Required command was not provided", "Its commands: register, rotate, list, delete.")]
    [InlineData(new[] { "hooks", "register", "github" }, "unotify hooks register: Required argument 'repo-id' missing", "Run 'unotify hooks register --help'")]
    [InlineData(new[] { "dead", "replay", "w" }, "unotify dead replay: Required argument 'job-id' missing", "Run 'unotify dead replay --help'")]
    [InlineData(new[] { "serve", "extra" }, "unotify serve: Unrecognized command or argument 'extra'", "Run 'unotify serve --help'")]
    [InlineData(new[] { "hooks", "list", "--redis" }, "unotify hooks list: Required argument missing for option: '--redis'", "Run 'unotify hooks list --help'")]
    [InlineData(new[] { "deliveries", "--outcome", "exploded" }, "unotify deliveries: Argument 'exploded' not recognized", "dead_lettered")]
    [InlineData(new[] { "deliveries", "--limit", "0" }, "--limit is 0; ask for 1 to 500 deliveries", "Run 'unotify deliveries --help'")]
    [InlineData(new[] { "deliveries", "--limit", "many" }, "unotify deliveries: Cannot parse argument 'many' for option '--limit'", "Run 'unotify deliveries --help'")]
    [InlineData(new[] { "explain" }, "unotify explain: Required argument 'ticket' missing", "Run 'unotify explain --help'")]
    [InlineData(new[] { "simulate" }, "unotify simulate: Required argument 'payload' missing", "Run 'unotify simulate --help'")]
    public async Task Bad_usage_exits_with_2_naming_what_is_wrong_and_where_to_read_more(string[] args, string message, string advice)
    {
        var result = await UnotifyCli.RunAsync(args);

        result.ExitCode.Should().Be(2);
        result.Output.Should().BeEmpty();
        result.Error.Should().Contain(message).And.Contain(advice);
    }

    [Theory]
    [InlineData("explain", "not-a-key", "'not-a-key' is not a ticket key; write it as PROJECT-123.")]
    [InlineData("deliveries", "--since", "last tuesday", "--since 'last tuesday' is neither a time")]
    [InlineData("deliveries", "--cursor", "garbage", "--cursor 'garbage' is not a cursor this command printed")]
    [InlineData("deliveries", "--repo", "a/b", "--repo 'a/b' contains '/'; it may only contain")]
    public async Task Values_the_commands_cannot_use_exit_with_2_before_the_store_is_opened(params string[] args)
    {
        var result = await UnotifyCli.RunAsync([.. args[..^1], "--redis", "127.0.0.1:1,connectTimeout=200"]);

        result.ExitCode.Should().Be(2, result.Error);
        result.Error.Should().Contain(args[^1]);
    }

    [Theory]
    [InlineData("hooks")]
    [InlineData("hooks", "register")]
    [InlineData("dead", "replay-all")]
    [InlineData("deliveries")]
    [InlineData("deliveries", "show")]
    [InlineData("explain")]
    [InlineData("simulate")]
    [InlineData("graph")]
    public async Task Every_command_has_help_that_exits_0(params string[] words)
    {
        var result = await UnotifyCli.RunAsync([.. words, "--help"]);

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain($"unotify {string.Join(' ', words)}").And.Contain("Exit codes: 0 done");
    }

    [Fact]
    public async Task Help_lists_every_command_and_setting_with_its_environment_variable()
    {
        var result = await UnotifyCli.RunAsync(["--help"]);

        result.ExitCode.Should().Be(0);
        foreach (var command in new[] { "all", "serve", "work", "hooks", "dead", "deliveries", "explain <ticket>", "simulate <payload>", "hcl <file>", "validate <files>", "graph <file>" })
        {
            result.Output.Should().Contain("  " + command + " ");
        }

        result.Output.Should().Contain("[UNOTIFY_REDIS]").And.Contain("[UNOTIFY_ADMIN_TOKEN]").And.Contain("[UNOTIFY_WORKERS]").And.Contain("[ASPNETCORE_URLS]")
            .And.Contain("[UNOTIFY_HISTORY_RETENTION]").And.Contain("3 the store is unreachable");
    }

    [Fact]
    public async Task An_unreachable_Redis_exits_with_3()
    {
        var result = await UnotifyCli.RunAsync(["hooks", "list", "--redis", "127.0.0.1:1,connectTimeout=200", "--secret-key", TestStores.SecretKey]);

        result.ExitCode.Should().Be(3);
        result.Error.Should().Contain("unreachable");
    }

    [Fact]
    public async Task A_host_whose_configuration_is_wrong_exits_with_2_listing_the_errors()
    {
        using var directory = new TemporaryDirectory();
        var workers = Path.Combine(directory.Path, "workers.yaml");
        await File.WriteAllTextAsync(workers, "workers:\n  w:\n    concurrency: lots\n    statefile: nowhere.hcl\n");

        var result = await UnotifyCli.RunAsync(["serve", "--workers", workers, .. _store]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("2 errors").And.Contain("workers.w.concurrency").And.Contain("workers.w.statefile");
    }
}

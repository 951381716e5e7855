using Unotify.Core.Configuration;
using Unotify.Core.Routing;
using Unotify.Sdk;

namespace Unotify.Core.Tests.Configuration;

public sealed class WorkersFileReaderTests : IDisposable
{
    private readonly WorkersFileFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_seed_file_in_the_repository_loads_with_the_atlassian_worker_on_the_jira_processor()
    {
        var seed = Path.Combine(RepositoryRoot(), "config", "workers.yaml");

        var result = WorkersFileReader.Read(seed, new WorkersFileReaderOptions { DefaultPluginsDirectory = _files.DefaultPluginsDirectory });

        result.Errors.Should().BeEmpty();
        var worker = result.File!.Workers.Should().ContainSingle().Subject;
        worker.Name.Should().Be("atlassian");
        worker.Processor.Should().Be("jira");
        worker.Projects.Should().Equal("DEVHOP", "SOC");
        worker.StateFile.Should().Be(Path.Combine(RepositoryRoot(), "config", "statemachines", "jira.hcl"));
        worker.Filter.Should().Be(EventFilter.Default);
        worker.StateMachineEvent.Should().Be("next");
        worker.Retry.Should().Be(RetryPolicy.Default);
    }

    [Fact]
    public void Without_a_plugins_list_every_plugin_folder_beside_the_host_is_loaded()
    {
        _files.WithFile("host/plugins/Unotify.Plugins.GitHub/Unotify.Plugins.GitHub.dll")
            .WithFile("host/plugins/Unotify.Plugins.Jira/Unotify.Plugins.Jira.dll")
            .WithFile("host/plugins/Stray/Other.dll");

        var result = _files.Read("workers:\n  atlassian:\n    statefile: jira.hcl\n    projects: [devhop, soc]\n");

        result.File!.Plugins.Select(plugin => Path.GetFileName(plugin.Path))
            .Should().Equal("Unotify.Plugins.GitHub.dll", "Unotify.Plugins.Jira.dll");
    }

    [Fact]
    public void Reads_the_full_form_of_a_worker()
    {
        _files.WithFile("plugins/Recorder/Recorder.dll").WithFile("extra/Extra.dll");
        _files.Environment["JIRA_TOKEN"] = "s3cret";

        var result = _files.Read("""
            plugins: [plugins/Recorder/Recorder.dll]
            workers:
              releases:
                processor: recorder
                plugins: [extra/Extra.dll]
                on:
                  github: [pull_request.merged, release.published]
                  "*": push
                event: prev
                concurrency: 8
                partitions: 6
                lease: 2m
                retry: { max_attempts: 3, base_delay: 500ms, max_delay: 1m }
                statefile: jira.hcl
                projects: [soc]
                settings:
                  base_url: https://jira.example
                  auth:
                    token: ${JIRA_TOKEN}
                    header: "Bearer ${JIRA_TOKEN}!"
                  labels: [one, two]
            """);

        result.Errors.Should().BeEmpty();
        var worker = result.File!.Workers.Single();
        worker.Processor.Should().Be("recorder");
        worker.Plugins.Single().Path.Should().Be(Path.Combine(_files.Root, "extra", "Extra.dll"));
        result.File.Plugins.Single().Path.Should().Be(Path.Combine(_files.Root, "plugins", "Recorder", "Recorder.dll"));
        worker.Filter.Rules.Should().Equal(
            new EventFilterRule("github", "pull_request.merged"),
            new EventFilterRule("github", "release.published"),
            new EventFilterRule("*", "push"));
        worker.StateMachineEvent.Should().Be("prev");
        worker.Concurrency.Should().Be(8);
        worker.Partitions.Should().Be(6);
        worker.LeaseTime.Should().Be(TimeSpan.FromMinutes(2));
        worker.Retry.Should().Be(new RetryPolicy(3, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1), null));
        worker.Settings.Values.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["base_url"] = "https://jira.example",
            ["auth:token"] = "s3cret",
            ["auth:header"] = "Bearer s3cret!",
            ["labels:0"] = "one",
            ["labels:1"] = "two",
        });
        worker.Settings.GetList("labels").Should().Equal("one", "two");
    }

    [Fact]
    public void A_worker_not_named_atlassian_defaults_to_the_processor_of_its_own_name_and_on_takes_a_plain_kind_from_any_provider()
    {
        var worker = _files.Read("workers:\n  recorder:\n    on: push\n").File!.Workers.Single();

        worker.Processor.Should().Be("recorder");
        worker.Filter.Rules.Should().Equal(new EventFilterRule("*", "push"));
        worker.StateFile.Should().BeNull();
        worker.LeaseTime.Should().Be(TimeSpan.FromSeconds(30));
        worker.Partitions.Should().Be(1);
    }

    [Fact]
    public void An_unknown_key_names_the_file_the_key_the_position_and_the_likely_fix()
    {
        var result = _files.Read("workers:\n  atlassian:\n    statefile: jira.hcl\n    concurrancy: 4\n");

        var error = result.Errors.Should().ContainSingle().Subject;
        error.File.Should().Be(_files.Path);
        error.Key.Should().Be("workers.atlassian.concurrancy");
        (error.Line, error.Column).Should().Be((4, 5));
        error.Fix.Should().Contain("did you mean 'concurrency'");
        error.ToString().Should().StartWith($"{_files.Path}:4:5: workers.atlassian.concurrancy:");
    }

    [Theory]
    [InlineData("concurrency: 0", "workers.w.concurrency", "from 1 to 256")]
    [InlineData("concurrency: many", "workers.w.concurrency", "from 1 to 256")]
    [InlineData("partitions: 0", "workers.w.partitions", "from 1 to 64")]
    [InlineData("partitions: 65", "workers.w.partitions", "from 1 to 64")]
    [InlineData("partitions: some", "workers.w.partitions", "from 1 to 64")]
    [InlineData("lease: 0s", "workers.w.lease", "positive duration")]
    [InlineData("lease: a while", "workers.w.lease", "positive duration")]
    [InlineData("retry: { max_attempts: 0 }", "workers.w.retry.max_attempts", "from 1 to 10000")]
    [InlineData("retry: { give_up_after: never }", "workers.w.retry.give_up_after", "positive duration")]
    [InlineData("retry: { giveup_after: 1h }", "workers.w.retry.giveup_after", "give_up_after")]
    [InlineData("circuit: { failures: 0 }", "workers.w.circuit.failures", "from 1 to 10000")]
    [InlineData("circuit: { cool_down: 1m, max_cool_down: 10s }", "workers.w.circuit.max_cool_down", "at least as long as cool_down")]
    [InlineData("circuit: sometimes", "workers.w.circuit", "circuit: off")]
    [InlineData("rate: 10", "workers.w.rate", "rate: 10/s")]
    [InlineData("rate: 10/day", "workers.w.rate", "per minute")]
    [InlineData("rate: 0/s", "workers.w.rate", "between 1 per 1000 s")]
    [InlineData("rate: { burst: 5 }", "workers.w.rate", "no limit")]
    [InlineData("rate: { limit: 5/s, burst: 0 }", "workers.w.rate.burst", "from 1 to 100000")]
    [InlineData("retry: { base_delay: soon }", "workers.w.retry.base_delay", "positive duration")]
    [InlineData("retry: { base_delay: 10s, max_delay: 1s }", "workers.w.retry.max_delay", "at least as long as base_delay")]
    [InlineData("statefile: missing.hcl", "workers.w.statefile", "statemachines/ folder")]
    [InlineData("plugins: [nowhere/Missing.dll]", "workers.w.plugins", "correct the path")]
    [InlineData("on: { github: pull_request.* }", "workers.w.on.github", "write 'pull_request'")]
    [InlineData("on: { GitHub!: push }", "workers.w.on.GitHub!", "lower-case name")]
    [InlineData("on: []", "workers.w.on", "on: { github: pull_request.merged }")]
    [InlineData("event: 'not an event'", "workers.w.event", "letters, digits")]
    [InlineData("projects: [soc, 9lives]", "workers.w.projects", "a letter, then letters")]
    [InlineData("settings: { token: '${UNSET_TOKEN}' }", "workers.w.settings.token", "set UNSET_TOKEN")]
    [InlineData("settings: { token: '${UNCLOSED' }", "workers.w.settings.token", "closing brace")]
    [InlineData("settings: [a, b]", "workers.w.settings", "keys under settings:")]
    [InlineData("processor: Jira Cloud", "workers.w.processor", "lower-case name")]
    public void A_bad_value_is_an_error_naming_its_key_and_the_fix(string line, string key, string fix)
    {
        var result = _files.Read($"workers:\n  w:\n    {line}\n");

        result.File.Should().BeNull();
        var error = result.Errors.Should().ContainSingle().Subject;
        error.Key.Should().Be(key);
        error.Line.Should().Be(3);
        (error.Problem + " " + error.Fix).Should().Contain(fix);
    }

    [Fact]
    public void A_worker_without_retry_circuit_or_rate_retries_for_24_hours_with_a_breaker_and_no_rate()
    {
        var worker = _files.Read("workers:\n  recorder:\n    on: push\n").File!.Workers.Single();

        worker.Retry.Should().Be(new RetryPolicy(null, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(24)));
        worker.Circuit.Should().Be(CircuitPolicy.Default);
        worker.Rate.Should().BeNull();
    }

    [Theory]
    [InlineData("retry: { base_delay: 1s }", null, 24.0 * 3600)]
    [InlineData("retry: { max_attempts: 5 }", 5, null)]
    [InlineData("retry: { give_up_after: 2h }", null, 2.0 * 3600)]
    [InlineData("retry: { max_attempts: 50, give_up_after: 6h }", 50, 6.0 * 3600)]
    public void A_retry_section_that_names_a_limit_uses_only_the_limits_it_names(string line, int? maxAttempts, double? giveUpAfterSeconds)
    {
        var retry = _files.Read($"workers:\n  w:\n    {line}\n").File!.Workers.Single().Retry;

        retry.MaxAttempts.Should().Be(maxAttempts);
        retry.GiveUpAfter.Should().Be(giveUpAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    [Theory]
    [InlineData("circuit: off", 0, 5.0, 300.0)]
    [InlineData("circuit: { failures: 10 }", 10, 5.0, 300.0)]
    [InlineData("circuit: { failures: 3, cool_down: 30s, max_cool_down: 30m }", 3, 30.0, 1800.0)]
    public void Circuit_settings_are_read_or_turned_off(string line, int failures, double coolDownSeconds, double maxCoolDownSeconds)
    {
        var circuit = _files.Read($"workers:\n  w:\n    {line}\n").File!.Workers.Single().Circuit;

        circuit.Should().Be(new CircuitPolicy(failures, TimeSpan.FromSeconds(coolDownSeconds), TimeSpan.FromSeconds(maxCoolDownSeconds)));
        circuit.Enabled.Should().Be(failures > 0);
    }

    [Theory]
    [InlineData("rate: 10/s", 10.0, 10)]
    [InlineData("rate: 600/m", 10.0, 10)]
    [InlineData("rate: 1800/h", 0.5, 1)]
    [InlineData("rate: 2.5/s", 2.5, 3)]
    [InlineData("rate: { limit: 20/s, burst: 40 }", 20.0, 40)]
    [InlineData("rate: { limit: 20/s }", 20.0, 20)]
    public void A_rate_is_read_per_second_with_one_second_of_burst_unless_given(string line, double perSecond, int burst)
    {
        var rate = _files.Read($"workers:\n  w:\n    {line}\n").File!.Workers.Single().Rate;

        rate.Should().Be(new RateLimit(perSecond, burst));
    }

    [Fact]
    public void Every_error_in_the_file_is_reported_not_just_the_first()
    {
        var result = _files.Read("""
            pluginz: []
            workers:
              a:
                concurrency: -1
              "bad name!":
                statefile: jira.hcl
              c:
                on: { github: "x.y.z" }
                settings: { key: "${NOPE}" }
            """);

        result.Errors.Select(error => error.Key).Should().Equal(
            "pluginz", "workers.a.concurrency", "workers.bad name!", "workers.c.on.github", "workers.c.settings.key");
        result.Invoking(r => r.GetOrThrow()).Should().Throw<ConfigurationException>()
            .WithMessage("The configuration has 5 errors:*pluginz*workers.a.concurrency*NOPE*");
    }

    [Fact]
    public void A_file_nested_a_hundred_thousand_levels_deep_is_an_error_at_the_level_that_is_too_deep_not_a_stack_overflow()
    {
        var error = _files.Read("workers:\n  atlassian:\n    projects: " + new string('[', 100_000) + "soc\n").Errors.Should().ContainSingle().Subject;

        error.Line.Should().Be(3);
        error.Column.Should().BeInRange(15, 100, "the error points into the run of opening brackets");
        error.Problem.Should().Contain("nests more than 64 levels deep");
    }

    [Fact]
    public void An_unterminated_flow_list_is_an_error_with_its_position()
    {
        var error = _files.Read("workers:\n  atlassian:\n    statefile: jira.hcl\n    projects: [soc\n").Errors.Should().ContainSingle().Subject;

        error.Line.Should().BeGreaterThan(0);
        error.ToString().Should().StartWith(error.File + ":").And.Contain("not valid YAML");
    }

    [Theory]
    [InlineData("workers:\n  a: b: c\n", 2, "not valid YAML")]
    [InlineData("workers:\n  a: {}\n  a: {}\n", 3, "not valid YAML")]
    [InlineData("", 0, "is empty")]
    [InlineData("plugins: []\n", 1, "no 'workers:' section")]
    [InlineData("- just\n- a list\n", 1, "expected a mapping")]
    public void A_file_that_is_not_a_workers_file_says_where_and_why(string yaml, int line, string problem)
    {
        var error = _files.Read(yaml).Errors.Should().ContainSingle().Subject;

        error.Line.Should().Be(line);
        error.Problem.Should().Contain(problem);
    }

    [Fact]
    public void A_missing_file_names_the_path_and_the_variable_that_points_at_it()
    {
        var result = WorkersFileReader.Read(Path.Combine(_files.Root, "nope.yaml"), new WorkersFileReaderOptions());

        var error = result.Errors.Should().ContainSingle().Subject;
        error.Problem.Should().Contain("nope.yaml");
        error.Fix.Should().Contain("UNOTIFY_WORKERS");
    }

    [Fact]
    public void An_absolute_state_file_path_is_used_as_it_is()
    {
        var absolute = Path.Combine(_files.Root, "elsewhere.hcl");
        File.WriteAllText(absolute, "# machines\n");

        var worker = _files.Read($"workers:\n  atlassian:\n    statefile: {absolute}\n").File!.Workers.Single();

        worker.StateFile.Should().Be(absolute);
    }

    [Fact]
    public void Settings_keep_values_without_references_as_written_and_read_through_the_sdk_helpers()
    {
        var settings = _files.Read("workers:\n  w:\n    settings:\n      dry_run: true\n      timeout: 30s\n      price: '$5'\n").File!.Workers.Single().Settings;

        settings.GetBoolean("dry_run", false).Should().BeTrue();
        settings.GetDuration("timeout", TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(30));
        settings.GetString("price").Should().Be("$5");
        settings.WorkerName.Should().Be("w");
    }

    [Fact]
    public void After_names_the_worker_whose_outcome_a_worker_follows()
    {
        var workers = _files.Read("workers:\n  jira-worker:\n    processor: jira\n  chat:\n    processor: slack\n    after: jira-worker\n").File!.Workers;

        workers.Select(worker => worker.After).Should().Equal(null, "jira-worker");
        (workers[1].AfterLocation!.Line, workers[1].AfterLocation!.Column).Should().Be((6, 12));
    }

    [Theory]
    [InlineData("workers:\n  jira-worker: {}\n  chat:\n    after: jira-workr\n", 4, 12,
        "worker 'chat' follows 'jira-workr', which is not a worker of this file (did you mean 'jira-worker'?).", "name one of the workers: jira-worker; or remove 'after:'.")]
    [InlineData("workers:\n  chat:\n    after: chat\n", 3, 12,
        "worker 'chat' follows itself (after: chat).", "name another worker whose outcome this one should wait for, or remove 'after:'.")]
    public void After_naming_an_unknown_worker_or_itself_stops_start_up_at_its_position_with_a_fix(string yaml, int line, int column, string problem, string fix)
    {
        var error = _files.Read(yaml).Errors.Should().ContainSingle().Subject;

        (error.Line, error.Column, error.Problem, error.Fix).Should().Be((line, column, problem, fix));
        error.ToString().Should().StartWith($"{_files.Path}:{line}:{column}");
    }

    [Fact]
    public void After_that_goes_round_in_a_cycle_stops_start_up_at_each_worker_of_the_cycle()
    {
        var errors = _files.Read("workers:\n  a:\n    after: c\n  b:\n    after: a\n  c:\n    after: b\n  d:\n    after: a\n").Errors;

        errors.Select(error => (error.Line, error.Problem)).Should().Equal(
            (3, "worker 'a' follows a cycle: a → c → b → a; no worker of it would ever be queued."),
            (5, "worker 'b' follows a cycle: b → a → c → b; no worker of it would ever be queued."),
            (7, "worker 'c' follows a cycle: c → b → a → c; no worker of it would ever be queued."));
        errors.Should().OnlyContain(error => error.Fix == "remove 'after:' from one worker of the cycle.");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Unotify.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Unotify.sln not found above " + AppContext.BaseDirectory);
    }
}

using Autofac;
using Unotify.Core.Configuration;
using Unotify.Core.StateMachines;
using Unotify.Host.Plugins;
using Unotify.Host.Tests.Support;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Plugins;

public sealed class PluginRuntimeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly IContainer _container = PluginContainer.Build(Serilog.Core.Logger.None, TimeProvider.System);

    public void Dispose()
    {
        _container.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_test_plugin_is_loaded_from_disk_by_path_and_its_processor_is_created_per_worker_with_its_settings()
    {
        var workers = Read($$"""
            plugins: ["{{TestPlugins.GitHub}}", "{{TestPlugins.Recorder}}"]
            workers:
              first: { processor: recorder, settings: { output: a.jsonl } }
              second: { processor: recorder, settings: { output: b.jsonl } }
            """);

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []);

        runtime.Providers.Keys.Should().Equal("github");
        runtime.Processors.Keys.Should().BeEquivalentTo("first", "second");
        runtime.Processors["first"].Should().NotBeSameAs(runtime.Processors["second"]);
        runtime.Processors["first"].GetType().Name.Should().Be("RecordingProcessor");
        runtime.Processors["first"].GetType().Assembly.Location.Should().Be(TestPlugins.Recorder);
    }

    [Fact]
    public async Task Without_a_plugins_list_the_built_in_plugins_beside_the_host_are_loaded()
    {
        var workers = WorkersFileReader.ReadText(Path.Combine(_directory.Path, "workers.yaml"), "workers:\n  recorder:\n    on: { github: push }\n", new WorkersFileReaderOptions { DefaultPluginsDirectory = TestPlugins.DefaultDirectory }).GetOrThrow();

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, stateMachines: null, []);

        runtime.Providers.Should().ContainKey("github");
        workers.Plugins.Select(plugin => Path.GetFileName(plugin.Path)).Should().Contain("Unotify.Plugins.GitHub.dll");
    }

    [Fact]
    public async Task The_built_in_jira_processor_with_its_private_dependencies_is_created_for_the_seeds_atlassian_worker()
    {
        var workers = WorkersFileReader.ReadText(
            Path.Combine(_directory.Path, "workers.yaml"),
            "workers:\n  atlassian:\n    projects: [soc]\n    settings: { base_url: 'https://acme.atlassian.net', email: a@acme.test, api_token: t }\n",
            new WorkersFileReaderOptions { DefaultPluginsDirectory = TestPlugins.DefaultDirectory }).GetOrThrow();

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []);

        runtime.Processors["atlassian"].GetType().Name.Should().Be("JiraEventProcessor");
        runtime.Processors["atlassian"].GetType().Assembly.Location.Should().StartWith(TestPlugins.DefaultDirectory);
    }

    [Fact]
    public async Task A_processor_whose_constructor_rejects_its_settings_stops_start_up_naming_the_worker_and_the_setting()
    {
        var workers = Read($"plugins: [\"{TestPlugins.Recorder}\"]\nworkers:\n  rec:\n    processor: recorder\n");

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []));

        var error = failure.Errors.Should().ContainSingle().Subject;
        error.Key.Should().Be("workers.rec.processor");
        error.Problem.Should().Contain("worker 'rec'").And.Contain("setting 'output' is required");
        error.Fix.Should().Contain("settings:");
    }

    [Fact]
    public async Task A_serve_only_runtime_does_not_create_processors()
    {
        var workers = Read($"plugins: [\"{TestPlugins.GitHub}\", \"{TestPlugins.Recorder}\"]\nworkers:\n  rec:\n    processor: recorder\n");

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, stateMachines: null, []);

        runtime.Processors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_worker_may_take_unotify_alerts_without_a_plugin_but_a_misspelt_alert_is_an_error_with_a_suggestion()
    {
        var good = Read($"plugins: [\"{TestPlugins.Recorder}\"]\nworkers:\n  rec:\n    processor: recorder\n    on: {{ unotify: [dead_letter, circuit_open, circuit_closed] }}\n    settings: {{ output: x }}\n");
        var bad = Read($"plugins: [\"{TestPlugins.Recorder}\"]\nworkers:\n  rec:\n    processor: recorder\n    on: {{ unotify: [dead_leter] }}\n    settings: {{ output: x }}\n");

        await using (await PluginRuntime.CreateAsync(good, _container, NoMachines(good), []))
        {
        }

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(bad, _container, NoMachines(bad), []));
        var error = failure.Errors.Should().ContainSingle().Subject;
        error.Problem.Should().Contain("'dead_leter'").And.Contain("dead_letter, circuit_open, circuit_closed");
        error.Fix.Should().Contain("did you mean 'dead_letter'");
        error.Line.Should().Be(5);
    }

    [Fact]
    public async Task An_unknown_processor_is_an_error_listing_the_processors_the_plugins_offer()
    {
        var workers = Read($"plugins: [\"{TestPlugins.Recorder}\"]\nworkers:\n  rec:\n    processor: slack\n    settings: {{ output: x }}\n");

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []));

        var error = failure.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column).Should().Be((4, 16));
        error.Problem.Should().Contain("'slack'").And.Contain("available: recorder");
    }

    [Fact]
    public async Task An_unknown_processor_among_the_built_in_plugins_is_named_with_a_suggestion_and_no_other_processor_is_created()
    {
        var workers = WorkersFileReader.ReadText(
            Path.Combine(_directory.Path, "workers.yaml"),
            "workers:\n  notify:\n    processor: nosuch\n  jira-typo:\n    processor: jiar\n",
            new WorkersFileReaderOptions { DefaultPluginsDirectory = TestPlugins.DefaultDirectory }).GetOrThrow();

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []));

        failure.Errors.Should().HaveCount(2, "only the unknown names are reported: no candidate is built with another processor's settings");
        failure.Errors[0].Problem.Should().Contain("needs the processor 'nosuch', which no loaded plugin provides (available: discord, http, jira, slack, teams)");
        (failure.Errors[0].Line, failure.Errors[0].Column).Should().Be((3, 16));
        failure.Errors[1].Fix.Should().Contain("did you mean 'jira'?");
    }

    [Fact]
    public async Task A_setting_a_processor_refuses_is_reported_at_that_settings_line()
    {
        var error = await TheStartUpErrorOf(
            "workers:\n  chat:\n    processor: slack\n    settings:\n      webhook_url: https://hooks.slack.test/services/T0/B0/x\n      templates:\n        push: \"{{who}} pushed\"\n");

        (error.Line, error.Column).Should().Be((7, 9), "the template's own line, not the worker's");
        error.Problem.Should().Contain("setting 'templates:push' names {{who}}, which is not a placeholder");
    }

    [Fact]
    public async Task A_slack_worker_with_both_a_webhook_and_a_bot_token_stops_start_up_at_the_tokens_line_without_showing_it()
    {
        var error = await TheStartUpErrorOf(
            "workers:\n  chat:\n    processor: slack\n    settings:\n      webhook_url: https://hooks.slack.test/services/T0/B0/x\n      channel: C0123\n      token: xoxb-secret-token\n");

        (error.Line, error.Column).Should().Be((7, 7));
        error.Problem.Should().Contain("setting 'token' and setting 'webhook_url' are both set; keep one").And.NotContain("xoxb-secret");
    }

    /// <summary>The one error that stops start-up with <paramref name="yaml"/> as workers.yaml.</summary>
    private async Task<ConfigurationError> TheStartUpErrorOf(string yaml)
    {
        var workers = WorkersFileReader.ReadText(
            Path.Combine(_directory.Path, "workers.yaml"), yaml, new WorkersFileReaderOptions { DefaultPluginsDirectory = TestPlugins.DefaultDirectory }).GetOrThrow();
        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []));
        return failure.Errors.Should().ContainSingle().Subject;
    }

    [Fact]
    public async Task A_setting_the_processor_does_not_declare_stops_start_up_at_its_line_with_the_closest_known_key()
    {
        var workers = WorkersFileReader.ReadText(
            Path.Combine(_directory.Path, "workers.yaml"),
            "workers:\n  atlassian:\n    projects: [soc]\n    settings:\n      base_uri: https://acme.atlassian.net\n      email: a@acme.test\n      api_token: t\n      timout: 5s\n",
            new WorkersFileReaderOptions { DefaultPluginsDirectory = TestPlugins.DefaultDirectory }).GetOrThrow();

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []));

        failure.Errors.Select(error => (error.Line, error.Column, error.Problem, error.Fix)).Should().Equal(
            (5, 7, "'base_uri' is not a setting of the jira processor (its settings: base_url, email, api_token, personal_access_token, api_version, timeout, dry_run, max_parallel, transition_cache_ttl, triggers:*, link, comment_on_move, move_comment).", "did you mean 'base_url'? Correct the key."),
            (8, 7, "'timout' is not a setting of the jira processor (its settings: base_url, email, api_token, personal_access_token, api_version, timeout, dry_run, max_parallel, transition_cache_ttl, triggers:*, link, comment_on_move, move_comment).", "did you mean 'timeout'? Correct the key."));
    }

    [Fact]
    public async Task Settings_below_a_declared_prefix_and_the_items_of_a_declared_list_are_read()
    {
        var workers = WorkersFileReader.ReadText(
            Path.Combine(_directory.Path, "workers.yaml"),
            "workers:\n  hook:\n    processor: http\n    settings:\n      url: https://ci.example.com/hook\n      headers: { Authorization: Bearer x, X-Team: a }\n",
            new WorkersFileReaderOptions { DefaultPluginsDirectory = TestPlugins.DefaultDirectory }).GetOrThrow();

        await using var runtime = await PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []);

        runtime.Processors.Should().ContainKey("hook");
    }

    [Fact]
    public async Task A_file_that_is_not_an_assembly_and_an_assembly_without_plugins_are_errors_naming_the_file()
    {
        var garbage = Path.Combine(_directory.Path, "Garbage.dll");
        await File.WriteAllTextAsync(garbage, "MZ but not really");
        var sdk = Path.Combine(_directory.Path, "sdk", "Unotify.Sdk.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(sdk)!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Unotify.Sdk.dll"), sdk);
        var workers = Read("plugins: [Garbage.dll, sdk/Unotify.Sdk.dll]\nworkers:\n  rec:\n    on: { github: push }\n");

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, stateMachines: null, []));

        failure.Errors.Should().HaveCount(2);
        failure.Errors[0].Problem.Should().Contain(garbage).And.Contain("could not be loaded");
        failure.Errors[1].Problem.Should().Contain(sdk).And.Contain("no public class implementing IWebhookProvider or IEventProcessor");
        failure.Errors.Select(error => error.Key).Should().OnlyContain(key => key == "plugins");
    }

    [Fact]
    public async Task An_on_filter_naming_a_provider_no_plugin_offers_is_an_error()
    {
        var workers = Read($"plugins: [\"{TestPlugins.GitHub}\", \"{TestPlugins.Recorder}\"]\nworkers:\n  rec:\n    processor: recorder\n    on: {{ gitlab: push }}\n    settings: {{ output: x }}\n");

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), []));

        var error = failure.Errors.Should().ContainSingle().Subject;
        error.Key.Should().Be("workers.rec.on.gitlab");
        error.Problem.Should().Contain("'gitlab'").And.Contain("loaded: github");
    }

    [Fact]
    public async Task Errors_found_before_plugin_loading_are_reported_together_with_the_plugins_own()
    {
        var workers = Read($"plugins: [\"{TestPlugins.Recorder}\"]\nworkers:\n  rec:\n    processor: recorder\n");
        var earlier = new ConfigurationError("jira.hcl", "workers.rec.statefile", 3, 1, "a state has no alias.", "add it.");

        var failure = await Awaiting(() => PluginRuntime.CreateAsync(workers, _container, NoMachines(workers), [earlier]));

        failure.Errors.Should().HaveCount(2).And.Contain(earlier);
    }

    private WorkersFile Read(string yaml) =>
        WorkersFileReader.ReadText(Path.Combine(_directory.Path, "workers.yaml"), yaml, new WorkersFileReaderOptions { DefaultPluginsDirectory = Path.Combine(_directory.Path, "none") }).GetOrThrow();

    private static async Task<ConfigurationException> Awaiting(Func<Task<PluginRuntime>> create)
    {
        var assertion = await create.Should().ThrowAsync<ConfigurationException>();
        return assertion.Which;
    }

    /// <summary>Every worker without a state file, as the catalog gives them.</summary>
    private static Dictionary<string, IStateMachines> NoMachines(WorkersFile workers) =>
        workers.Workers.ToDictionary(worker => worker.Name, worker => (IStateMachines)WorkerStateMachines.None(worker.Name, worker.StateMachineEvent));
}

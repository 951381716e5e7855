using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Unotify.Host.Tests.Support;
using Unotify.Host.Workers;
using Unotify.Testing.FakeJira;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Reloading;

[Collection(MetricsScrapeCollection.Name)]
public sealed class ConfigurationReloadTests
{
    private const string Recorder = """
        plugins: ["{github}", "{recorder}"]
        workers:
          recorder:
            on: { github: pull_request.merged }
            settings: { output: "{dir}/recorded.jsonl", label: first }
        """;

    [Fact]
    public async Task A_state_machine_edited_under_load_moves_the_next_tickets_by_the_new_machine_and_loses_none()
    {
        const int tickets = 30;
        await using var jira = await FakeJiraServer.StartAsync(FakeJiraWorkflow.Default().Add("To Do", "81", "Close", "Done"));
        for (var ticket = 1; ticket <= tickets; ticket++)
        {
            jira.AddIssue($"SOC-{ticket}", "To Do");
        }

        using var machines = new TemporaryDirectory();
        var stateFile = Path.Combine(machines.Path, "jira.hcl");
        await File.WriteAllTextAsync(stateFile, SocMachine("in_progress"));
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
        {
            WorkersYaml = $$"""
                workers:
                  atlassian:
                    statefile: {{stateFile}}
                    projects: [soc]
                    settings: { base_url: "{{jira.BaseUrl}}", email: {{jira.Auth.Email}}, api_token: {{jira.Auth.Token}} }
                """,
            ExtraArguments = ["--watch-config", "false"],
        });
        var secret = await host.RegisterAsync("sm-load");

        // The first half is queued and being worked on when the machine changes under it.
        var firstHalf = Enumerable.Range(1, tickets / 2).Select(ticket => SendAsync(host, secret, ticket)).ToList();
        await File.WriteAllTextAsync(stateFile, SocMachine("done"));
        using var reload = await host.Client.PostAsync(new Uri("/conduit/admin/reload", UriKind.Relative), null);
        var report = await Json.ReadAsync(reload);
        var secondHalf = Enumerable.Range(tickets / 2 + 1, tickets / 2).Select(ticket => SendAsync(host, secret, ticket)).ToList();
        var answers = await Task.WhenAll(firstHalf.Concat(secondHalf));
        var allMoved = await jira.WaitUntilAsync(server => Enumerable.Range(1, tickets).All(ticket => server.StatusOf($"SOC-{ticket}") != "To Do"), TimeSpan.FromSeconds(30));

        reload.StatusCode.Should().Be(HttpStatusCode.OK, report.ToString());
        report.GetProperty("data").GetProperty("result").GetString().Should().Be("applied");
        report.GetProperty("data").GetProperty("changed").EnumerateArray().Select(name => name.GetString()).Should().Equal("atlassian");
        answers.Should().OnlyContain(status => status == HttpStatusCode.Accepted);
        allMoved.Should().BeTrue("every accepted delivery moves its ticket, across the reload");
        Enumerable.Range(1, tickets).Should().OnlyContain(ticket => jira.MovesOf($"SOC-{ticket}").Count == 1, "no ticket is moved twice");
        Enumerable.Range(tickets / 2 + 1, tickets / 2).Select(ticket => jira.StatusOf($"SOC-{ticket}")).Should().OnlyContain(
            status => status == "Done", "deliveries that arrive after the reload follow the new machine");
        // A ticket moves before its job is acknowledged: wait for the last acks rather than read the queue at once.
        var counts = await WaitForAsync(() => host.CountsAsync("atlassian"), left => left.Due + left.Leased + left.DeadLettered == 0);
        (counts.Due + counts.Leased + counts.DeadLettered).Should().Be(0);
    }

    [Fact]
    public async Task A_broken_workers_file_is_refused_with_its_line_and_the_old_configuration_keeps_working()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { WorkersYaml = Recorder, ExtraArguments = ["--watch-config", "false"] });
        var secret = await host.RegisterAsync("broken");
        await host.RewriteWorkersAsync("""
            plugins: ["{github}", "{recorder}"]
            workers:
              recorder:
                on: { github: pull_request.merged }
                settings: { output: "{dir}/recorded.jsonl", lable: second }
            """);

        using var refused = await host.Client.PostAsync(new Uri("/conduit/admin/reload", UriKind.Relative), null);
        var answer = await Json.ReadAsync(refused);
        using var accepted = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("broken"));
        var recorded = await host.RecordedAsync(1);
        var ready = await ReadyAsync(host);
        var metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, answer.ToString());
        answer.GetProperty("error_code").GetString().Should().Be("INVALID_CONFIGURATION");
        answer.GetProperty("error_msg").GetString().Should().Contain($"{host.WorkersFile}:5:").And.Contain("'lable' is not a setting of the recorder processor").And.Contain("did you mean 'label'");
        var error = answer.GetProperty("data").GetProperty("errors")[0];
        error.GetProperty("line").GetInt32().Should().Be(5);
        error.GetProperty("fix").GetString().Should().Contain("label");
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        recorded.Should().ContainSingle().Which.GetProperty("label").GetString().Should().Be("first", "the configuration in force keeps running");
        var configuration = ready.GetProperty("data").GetProperty("configuration");
        configuration.GetProperty("generation").GetInt32().Should().Be(1);
        var last = configuration.GetProperty("last_reload");
        last.GetProperty("result").GetString().Should().Be("failed");
        last.GetProperty("errors")[0].GetProperty("line").GetInt32().Should().Be(5);
        last.GetProperty("errors")[0].GetProperty("problem").ValueKind.Should().Be(JsonValueKind.Null, "/readyz answers anyone, and a problem may quote a setting's value");
        metrics.Should().MatchRegex("unotify_config_reloads_total\\{[^}]*result=\"failed\"[^}]*\\} 1");
        metrics.Should().MatchRegex("unotify_config_reload_failing(\\{[^}]*\\})? 1");

        await host.RewriteWorkersAsync(Recorder.Replace("label: first", "label: second", StringComparison.Ordinal));
        using var fixedAnswer = await host.Client.PostAsync(new Uri("/conduit/admin/reload", UriKind.Relative), null);
        using var after = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("broken"));
        var both = await host.RecordedAsync(2);
        var metricsAfter = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        fixedAnswer.StatusCode.Should().Be(HttpStatusCode.OK);
        both.Should().HaveCount(2);
        both[1].GetProperty("label").GetString().Should().Be("second");
        metricsAfter.Should().MatchRegex("unotify_config_reload_failing(\\{[^}]*\\})? 0");
    }

    [Fact]
    public async Task A_removed_worker_stops_and_its_queue_is_kept_and_reported()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
        {
            WorkersYaml = """
                plugins: ["{github}", "{recorder}"]
                workers:
                  recorder:
                    on: { github: pull_request.merged }
                    settings: { output: "{dir}/recorded.jsonl" }
                  failing:
                    processor: recorder
                    on: { github: pull_request.merged }
                    retry: { base_delay: 1h, max_delay: 1h }
                    settings: { output: "{dir}/failing.jsonl", fail_with: "still failing" }
                """,
            ExtraArguments = ["--watch-config", "false"],
        });
        var secret = await host.RegisterAsync("removed");
        using var first = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("removed"));
        await host.RecordedAsync(1);
        var waiting = await WaitForAsync(() => host.CountsAsync("failing"), counts => counts.Due + counts.DeadLettered == 1 && counts.Leased == 0);
        await host.RewriteWorkersAsync("""
            plugins: ["{github}", "{recorder}"]
            workers:
              recorder:
                on: { github: pull_request.merged }
                settings: { output: "{dir}/recorded.jsonl" }
            """);

        using var reload = await host.Client.PostAsync(new Uri("/conduit/admin/reload", UriKind.Relative), null);
        var report = (await Json.ReadAsync(reload)).GetProperty("data");
        using var second = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("removed"));
        await host.RecordedAsync(2);
        var kept = await host.CountsAsync("failing");
        var ready = (await ReadyAsync(host)).GetProperty("data");
        using var deadLetters = await host.Client.GetAsync(new Uri("/conduit/workers/failing/dead", UriKind.Relative));

        (waiting.Due + waiting.DeadLettered).Should().Be(1);
        report.GetProperty("removed").EnumerateArray().Select(name => name.GetString()).Should().Equal("failing");
        report.GetProperty("changed").GetArrayLength().Should().Be(0, "the recorder did not change and keeps running untouched");
        kept.Should().Be(waiting, "a removed worker's queue is kept, not deleted, and gets nothing new");
        host.Host.Services.GetRequiredService<WorkerFleet>().RunningWorkers.Should().Equal("recorder");
        ready.GetProperty("workers").EnumerateArray().Select(name => name.GetString()).Should().Equal("recorder");
        ready.GetProperty("configuration").GetProperty("removed_workers").EnumerateArray().Select(name => name.GetString()).Should().Equal("failing");
        deadLetters.StatusCode.Should().Be(HttpStatusCode.OK, "a removed worker's dead letters can still be listed and replayed");
    }

    [Fact]
    public async Task A_workers_file_changed_on_disk_is_picked_up_without_being_asked()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { WorkersYaml = Recorder });
        var secret = await host.RegisterAsync("watched");
        var fleet = host.Host.Services.GetRequiredService<WorkerFleet>();

        await host.RewriteWorkersAsync(Recorder.Replace("label: first", "label: second", StringComparison.Ordinal) + """

              second:
                processor: recorder
                on: { github: pull_request.merged }
                settings: { output: "{dir}/second.jsonl" }
            """);
        var reloaded = await WaitForAsync(() => ReadyAsync(host), ready => LastReloadReached(ready, 2));
        using var accepted = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("watched"));
        var recorded = await host.RecordedAsync(1);

        var last = reloaded.GetProperty("data").GetProperty("configuration").GetProperty("last_reload");
        last.GetProperty("trigger").GetString().Should().Be("file");
        last.GetProperty("added").EnumerateArray().Select(name => name.GetString()).Should().Equal("second");
        last.GetProperty("changed").EnumerateArray().Select(name => name.GetString()).Should().Equal("recorder");
        recorded.Should().ContainSingle().Which.GetProperty("label").GetString().Should().Be("second");
        fleet.RunningWorkers.Should().Equal("recorder", "second");
        File.Exists(Path.Combine(host.Directory, "second.jsonl")).Should().BeTrue("the added worker took the delivery too");
    }

    [Fact]
    public async Task A_state_file_swapped_the_way_Kubernetes_updates_a_mounted_ConfigMap_is_picked_up()
    {
        // The kubelet writes a new timestamped folder, points a temporary link at it and renames that link over
        // ..data; the mounted names are links through ..data and never change themselves.
        await using var jira = await FakeJiraServer.StartAsync(FakeJiraWorkflow.Default().Add("To Do", "81", "Close", "Done"));
        jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        using var mount = new TemporaryDirectory();
        WriteVersion(mount.Path, "..2026_12_06_first", SocMachine("in_progress"));
        File.CreateSymbolicLink(Path.Combine(mount.Path, "..data"), "..2026_12_06_first");
        File.CreateSymbolicLink(Path.Combine(mount.Path, "jira.hcl"), Path.Combine("..data", "jira.hcl"));
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
        {
            WorkersYaml = $$"""
                workers:
                  atlassian:
                    statefile: {{Path.Combine(mount.Path, "jira.hcl")}}
                    projects: [soc]
                    settings: { base_url: "{{jira.BaseUrl}}", email: {{jira.Auth.Email}}, api_token: {{jira.Auth.Token}} }
                """,
        });
        var secret = await host.RegisterAsync("sm-load");
        (await SendAsync(host, secret, 1)).Should().Be(HttpStatusCode.Accepted);
        (await jira.WaitUntilAsync(server => server.StatusOf("SOC-1") == "In Progress", TimeSpan.FromSeconds(15))).Should().BeTrue();

        WriteVersion(mount.Path, "..2026_12_06_second", SocMachine("done"));
        File.CreateSymbolicLink(Path.Combine(mount.Path, "..data_tmp"), "..2026_12_06_second");
        await RenameOverAsync(Path.Combine(mount.Path, "..data_tmp"), Path.Combine(mount.Path, "..data"));
        var reloaded = await WaitForAsync(() => ReadyAsync(host), ready => LastReloadReached(ready, 2));
        (await SendAsync(host, secret, 2)).Should().Be(HttpStatusCode.Accepted);

        reloaded.GetProperty("data").GetProperty("configuration").GetProperty("last_reload").GetProperty("changed").EnumerateArray().Select(name => name.GetString()).Should().Equal("atlassian");
        (await jira.WaitUntilAsync(server => server.StatusOf("SOC-2") == "Done", TimeSpan.FromSeconds(15))).Should().BeTrue("the swapped machine sends To Do to Done");
    }

    /// <summary>rename(2) of a link over another, as the kubelet does (File.Move follows a link to a folder and refuses it).</summary>
    private static async Task RenameOverAsync(string link, string over)
    {
        using var move = System.Diagnostics.Process.Start("mv", ["-T", "-f", link, over]);
        await move.WaitForExitAsync();
        move.ExitCode.Should().Be(0);
    }

    private static void WriteVersion(string mount, string version, string machine)
    {
        Directory.CreateDirectory(Path.Combine(mount, version));
        File.WriteAllText(Path.Combine(mount, version, "jira.hcl"), machine);
    }

    [Fact]
    public async Task A_reload_of_files_that_mean_the_same_restarts_nothing()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { WorkersYaml = Recorder, ExtraArguments = ["--watch-config", "false"] });
        var before = host.Host.Plugins.Processors["recorder"];
        await host.RewriteWorkersAsync("# a comment moves everything down a line\n" + Recorder);

        using var reload = await host.Client.PostAsync(new Uri("/conduit/admin/reload", UriKind.Relative), null);
        var report = (await Json.ReadAsync(reload)).GetProperty("data");

        reload.StatusCode.Should().Be(HttpStatusCode.OK);
        report.GetProperty("result").GetString().Should().Be("unchanged");
        report.GetProperty("generation").GetInt32().Should().Be(1);
        host.Host.Plugins.Processors["recorder"].Should().BeSameAs(before);
    }

    [Fact]
    public async Task Reloading_takes_the_admin_token()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { WorkersYaml = Recorder, ExtraArguments = ["--watch-config", "false"] });
        using var anonymous = new HttpClient { BaseAddress = host.Host.BaseAddress };

        using var refused = await anonymous.PostAsync(new Uri("/conduit/admin/reload", UriKind.Relative), null);

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<HttpStatusCode> SendAsync(TestHost host, string secret, int ticket)
    {
        var delivery = GitHubDelivery.MergedPullRequest();
        delivery.WithBody(System.Text.Encoding.UTF8.GetString([.. delivery.Body]).Replace("Update the README with new information.", $"SOC-{ticket} under load", StringComparison.Ordinal));
        using var response = await host.Client.SendAsync(delivery.SignedWith(secret).ToRequest("sm-load"));
        return response.StatusCode;
    }

    /// <summary>The soc project's machine, with <c>to_do</c>'s <c>next</c> going to <paramref name="next"/>.</summary>
    private static string SocMachine(string next) => $$"""
        provisioner "soc" {
          aliasmapper "soc" {
            aliases = { to_do: "To Do", in_progress: "In Progress", done: "Done" }
          }

          statemachine "soc" {
            initial = "to_do"

            state "to_do" "next" {
              transition = "{{next}}"
            }

            state "in_progress" "next" {
              transition = "done"
            }

            state "done" "next" {
              transition = "<end>"
            }
          }
        }
        """;

    private static async Task<JsonElement> ReadyAsync(TestHost host)
    {
        using var response = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return await Json.ReadAsync(response);
    }

    /// <summary>
    /// Whether the last reload <c>/readyz</c> reports put <paramref name="generation"/> in force. A generation is in force
    /// (and shown) a moment before its reload is recorded, once its workers have started, so a test waits on the record.
    /// </summary>
    private static bool LastReloadReached(JsonElement ready, int generation) =>
        ready.GetProperty("data").GetProperty("configuration").GetProperty("last_reload") is { ValueKind: JsonValueKind.Object } last
        && last.GetProperty("generation").GetInt32() == generation;

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}

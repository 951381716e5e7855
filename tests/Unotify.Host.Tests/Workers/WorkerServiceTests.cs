using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Unotify.Host.Hosting;
using Unotify.Host.Workers;
using Unotify.Host.Tests.Support;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Workers;

public sealed class WorkerServiceTests
{
    [Fact]
    public async Task A_serve_process_and_a_work_process_sharing_one_Redis_form_one_installation()
    {
        using var records = new TemporaryDirectory();
        var prefix = TestStores.UniquePrefix();
        var backend = Backends.Get("redis");
        await using var serve = await TestHost.StartAsync(backend, new TestHostOptions { Role = HostRole.Serve, KeyPrefix = prefix, RecordDirectory = records.Path });
        await using var work = await TestHost.StartAsync(backend, new TestHostOptions { Role = HostRole.Work, KeyPrefix = prefix, RecordDirectory = records.Path });
        var secret = await serve.RegisterAsync("split");

        using var accepted = await serve.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("split"));
        using var workHealth = await work.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var workPayload = await work.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("split"));

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        serve.Host.Services.GetRequiredService<WorkerFleet>().RunningWorkers.Should().BeEmpty("a serve process runs no workers");
        work.Host.Services.GetRequiredService<WorkerFleet>().RunningWorkers.Should().Equal("recorder");
        var recorded = await work.RecordedAsync(1);
        recorded.Should().ContainSingle().Which.GetProperty("kind").GetString().Should().Be("pull_request.merged");
        workHealth.StatusCode.Should().Be(HttpStatusCode.OK);
        workPayload.StatusCode.Should().Be(HttpStatusCode.NotFound, "a work process does not take webhooks");
    }

    [Fact]
    public async Task A_worker_with_a_state_file_hands_its_processor_the_state_machines_of_its_projects_and_its_event()
    {
        using var machines = WithStateFile(new TemporaryDirectory());
        await using var host = await TestHost.StartAsync(Backends.Get("garnet"), new TestHostOptions
        {
            WorkersYaml = """
                plugins: ["{github}", "{recorder}"]
                workers:
                  recorder:
                    statefile: {dir}/machines.hcl
                    projects: [soc]
                    event: prev
                    settings: { output: "{dir}/recorded.jsonl" }
                """,
            RecordDirectory = machines.Path,
        });
        var secret = await host.RegisterAsync("sm");

        using var accepted = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("sm"));
        var recorded = (await host.RecordedAsync(1, within: TimeSpan.FromSeconds(15))).Should().ContainSingle().Subject;

        recorded.GetProperty("projects").EnumerateArray().Select(project => project.GetString()).Should().Equal("SOC");
        recorded.GetProperty("event").GetString().Should().Be("prev");
    }

    [Fact]
    public async Task A_job_its_processor_fails_goes_to_the_dead_letters_which_the_admin_api_lists_and_replays()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
        {
            WorkersYaml = """
                plugins: ["{github}", "{recorder}"]
                workers:
                  failing:
                    processor: recorder
                    retry: { max_attempts: 1 }
                    settings: { output: "{dir}/recorded.jsonl", fail_with: "the test said no" }
                """,
        });
        var secret = await host.RegisterAsync("dead");
        using var accepted = await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("dead"));

        var dead = await WaitForDeadAsync(host, 1);
        var letter = dead.GetProperty("data")[0];
        using var replay = await host.Client.PostAsync(new Uri($"/conduit/workers/failing/dead/{letter.GetProperty("job_id").GetString()}/replay", UriKind.Relative), null);
        using var unknownLetter = await host.Client.PostAsync(new Uri("/conduit/workers/failing/dead/nope/replay", UriKind.Relative), null);
        using var unknownWorker = await host.Client.GetAsync(new Uri("/conduit/workers/nobody/dead", UriKind.Relative));

        letter.GetProperty("error").GetString().Should().Contain("the test said no");
        letter.GetProperty("attempts").GetInt32().Should().Be(1);
        replay.StatusCode.Should().Be(HttpStatusCode.OK);
        unknownLetter.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownWorker.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await WaitForDeadAsync(host, 1)).GetProperty("data").GetArrayLength().Should().Be(1, "the replayed job failed again");
    }

    private static async Task<System.Text.Json.JsonElement> WaitForDeadAsync(TestHost host, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var response = await host.Client.GetAsync(new Uri("/conduit/workers/failing/dead", UriKind.Relative));
            var body = await Json.ReadAsync(response);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            if (body.GetProperty("data").GetArrayLength() >= count || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(25);
        }
    }

    private static TemporaryDirectory WithStateFile(TemporaryDirectory directory)
    {
        File.WriteAllText(Path.Combine(directory.Path, "machines.hcl"), """
            provisioner "soc" {
              aliasmapper "soc" {
                aliases = { to_do: "To Do", done: "Done" }
              }
              statemachine "soc" {
                initial = "to_do"
                state "to_do" "next" { transition = "done" }
                state "done" "prev" { transition = "to_do" }
                state "done" "next" { transition = "<end>" }
              }
            }
            """);
        return directory;
    }
}

using System.Net;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>
/// The image's publish output run as the image runs it (its USER, ENV, WORKDIR, ENTRYPOINT and CMD) with its /app
/// read-only and HOME unwritable, as Docker, Compose and the Kubernetes manifests (readOnlyRootFilesystem) run it.
/// </summary>
[Collection(ReplayedImageCollection.Name)]
public sealed class ImageRunTests(ImageReplay image)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task As_the_image_runs_it_the_host_answers_its_health_checks_moves_a_ticket_and_keeps_all_its_state_in_the_data_volume()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet);
        var container = await ContainerSandbox.CreateAsync(image, rig.Directory, writableData: true);
        // No UNOTIFY_SECRET_KEY: the embedded store generates its key into the data volume, as a plain `docker run` does.
        var environment = rig.Environment.Where(pair => pair.Key != "UNOTIFY_SECRET_KEY").ToDictionary(StringComparer.Ordinal);
        rig.Jira.AddIssue("SOC-1", "To Do");

        var host = await container.StartAsync(environment, Path.Combine(rig.Directory, "image-all.log"));
        try
        {
            await ShouldAnswerHealthChecksAsync(host, container);
            var secret = await rig.RegisterHookAsync(host, "7");
            var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-1: log in with SSO"), "7", secret);
            status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
            await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress", Patience, "SOC-1 moved");
            (await host.TerminateAsync(TimeSpan.FromSeconds(60))).Should().Be(0, host.Output);
        }
        finally
        {
            await host.DisposeAsync();
        }

        await container.ShouldHaveWrittenNothingOutsideDataAndScratchAsync();
        foreach (var state in new[] { "secret.key", "unotify.store", "garnet" })
        {
            Path.Exists(Path.Combine(container.DataDirectory, state)).Should().BeTrue($"{state} is in the data volume; written:\n{container.Written()}");
        }
    }

    [Fact]
    public async Task With_Redis_a_serve_and_a_work_replica_run_as_the_image_runs_them_with_nothing_writable_but_tmp()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        // The data volume stays root's: with an external Redis nothing may need it (the Kubernetes manifests mount none).
        var container = await ContainerSandbox.CreateAsync(image, rig.Directory, writableData: false);
        rig.Jira.AddIssue("SOC-2", "To Do");

        var serve = await container.StartAsync(rig.Environment, Path.Combine(rig.Directory, "image-serve.log"), "serve");
        var work = await container.StartAsync(rig.Environment, Path.Combine(rig.Directory, "image-work.log"), "work");
        try
        {
            await ShouldAnswerHealthChecksAsync(serve, container);
            await ShouldAnswerHealthChecksAsync(work, container);
            var secret = await rig.RegisterHookAsync(serve, "8");
            var (status, body) = await EndToEndRig.PostAsync(serve, GitHubDeliveries.MergedPullRequest("SOC-2: log out"), "8", secret);
            status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
            await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-2") == "In Progress", Patience, $"SOC-2 moved\n{work.Output}");
            (await serve.TerminateAsync(TimeSpan.FromSeconds(60))).Should().Be(0, serve.Output);
            (await work.TerminateAsync(TimeSpan.FromSeconds(60))).Should().Be(0, work.Output);
        }
        finally
        {
            await serve.DisposeAsync();
            await work.DisposeAsync();
        }

        await container.ShouldHaveWrittenNothingOutsideDataAndScratchAsync();
        Directory.EnumerateFileSystemEntries(container.DataDirectory).Should().BeEmpty();
    }

    private static async Task ShouldAnswerHealthChecksAsync(Testing.Hosting.HostProcess host, ContainerSandbox container)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using (var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            ready.StatusCode.Should().Be(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        }

        (await container.HealthCheckAsync(host.BaseAddress.Port)).Should().Be(0, "the image's HEALTHCHECK passes against the running host");
        (await container.HealthCheckAsync(LoopbackPorts.Free())).Should().NotBe(0, "the HEALTHCHECK fails where nothing answers");
    }
}

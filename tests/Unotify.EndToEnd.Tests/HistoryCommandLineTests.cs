using System.Net;
using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// The delivery history through the real binary's command line: <c>unotify deliveries</c>, <c>deliveries show</c>,
/// <c>explain</c> against the installation's store, and <c>simulate</c> offline, checked against what a real run then does.
/// </summary>
public sealed class HistoryCommandLineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.EmbeddedGarnet)]
    [InlineData(Backend.RedisCluster)]
    public async Task Deliveries_show_and_explain_tell_where_the_key_was_found_and_which_move_it_made(Backend backend)
    {
        await using var rig = await EndToEndRig.CreateAsync(backend);
        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "500");
        var delivery = GitHubDeliveries.MergedPullRequest("Log in with SSO", branch: "feature/soc-1-sso");
        (await EndToEndRig.PostAsync(host, delivery, "500", secret)).Status.Should().Be(HttpStatusCode.Accepted);
        await rig.EventuallyAsync(() => rig.Jira.MovesOf("SOC-1").Count == 1, Patience, "SOC-1 moved");

        // The host keeps running: with the embedded store the commands go through its server.
        var list = await RunAsync(rig, "deliveries", "--repo", "500");
        list.Output.Should().Contain(delivery.DeliveryId).And.Contain("queued").And.Contain("atlassian:done").And.Contain("pull_request.merged");
        list.Output.Should().NotContain("\u001b[", "standard output is not a terminal, so no colours");

        var shown = await RunAsync(rig, "deliveries", "show", delivery.DeliveryId);
        shown.Output.Should().Contain("routed to atlassian").And.Contain("atlassian #1").And.Contain("done")
            .And.Contain("SOC-1 moved To Do → In Progress (key in branch)");

        var story = await RunAsync(rig, "explain", "soc-1");
        story.Output.Should().Contain("SOC-1: named by 1 delivery").And.Contain($"delivery {delivery.DeliveryId}")
            .And.Contain("atlassian #1 done: SOC-1 moved To Do → In Progress (key in branch)");

        var json = JsonNode.Parse((await RunAsync(rig, "explain", "SOC-1", "--json")).Output)!;
        var attempt = json["steps"]![0]!["attempts"]![0]!;
        (attempt["from"]!.GetValue<string>(), attempt["to"]!.GetValue<string>(), attempt["found_in"]!.GetValue<string>()).Should().Be(("To Do", "In Progress", "branch"));

        var quiet = await RunAsync(rig, "explain", "SCO-9");
        quiet.Output.Should().Contain("No worker handles the project SCO").And.Contain("DEVHOP, SOC");
    }

    [Fact]
    public async Task A_throttled_attempt_and_a_refused_move_show_in_the_commands_as_two_attempts_and_Jiras_reason()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "501");
        rig.Jira.FailNext(429, retryAfter: TimeSpan.FromSeconds(1));
        var throttled = GitHubDeliveries.MergedPullRequest("SOC-1 after a 429");
        await EndToEndRig.PostAsync(host, throttled, "501", secret);
        await rig.EventuallyAsync(() => rig.Jira.MovesOf("SOC-1").Count == 1, Patience, "SOC-1 moved after the 429");
        rig.Jira.FailNext(400, method: "POST", pathEnding: "/transitions");
        var refused = GitHubDeliveries.MergedPullRequest("SOC-2 refused");
        await EndToEndRig.PostAsync(host, refused, "501", secret);

        string output = string.Empty;
        await rig.EventuallyAsync(
            async () => (output = (await RunAsync(rig, "deliveries", "show", throttled.DeliveryId)).Output).Contains("atlassian #2", StringComparison.Ordinal),
            Patience,
            $"two attempts shown (last: {output})");
        output.Should().Contain("atlassian #1").And.Contain("retry").And.Contain("429");

        await rig.EventuallyAsync(
            async () => (output = (await RunAsync(rig, "explain", "SOC-2")).Output).Contains("fail", StringComparison.Ordinal),
            Patience,
            $"the refusal shown (last: {output})");
        output.Should().Contain("SOC-2 failed").And.Contain("Jira refused to move it").And.Contain("400");

        var failed = await RunAsync(rig, "deliveries", "--outcome", "fail", "--repo", "501");
        failed.Output.Should().Contain(refused.DeliveryId).And.NotContain(throttled.DeliveryId);
    }

    [Fact]
    public async Task Simulate_offline_says_what_a_real_run_then_does_with_statuses_given_or_read_from_Jira()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "In Progress");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 and SOC-2", body: "also SOC-3");
        var payload = Path.Combine(rig.Directory, "payload.json");
        await File.WriteAllTextAsync(payload, delivery.Body);

        // No store and no Jira: only the workers file, and the statuses given.
        var offline = await UnotifyCommand.RunAsync(
            ["simulate", payload, "--event", "pull_request", "--status", "SOC-1=To Do", "--status", "soc-2=\"In Progress\""],
            new Dictionary<string, string> { ["UNOTIFY_WORKERS"] = rig.Environment["UNOTIFY_WORKERS"] },
            rig.Directory,
            CommandTimeout);
        offline.ExitCode.Should().Be(0, offline.Error);
        offline.Output.Should().Contain("Keys: SOC-1 (in title), SOC-2 (in title), SOC-3 (in body)")
            .And.Contain("SOC-1 would_move To Do → In Progress (key in title)")
            .And.Contain("SOC-2 would_move In Progress → Done")
            .And.Contain("SOC-3 skipped").And.Contain("status unknown");

        // With Jira's credentials, the statuses are read from Jira; still nothing is written to it.
        var environment = rig.Environment.Where(variable => variable.Key != "UNOTIFY_REDIS").ToDictionary();
        var read = await UnotifyCommand.RunAsync(["simulate", payload, "--event", "pull_request", "--json"], environment, rig.Directory, CommandTimeout);
        read.ExitCode.Should().Be(0, read.Error);
        var predicted = JsonNode.Parse(read.Output)!["workers"]![0]!["items"]!.AsArray()
            .Select(item => (item!["subject"]!.GetValue<string>(), item["kind"]!.GetValue<string>(), item["to"]?.GetValue<string>())).ToList();
        predicted.Should().Equal(("SOC-1", "would_move", "In Progress"), ("SOC-2", "would_move", "Done"), ("SOC-3", "skipped", null));
        rig.Jira.Moves.Should().BeEmpty("a simulation moves nothing");

        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "502");
        await EndToEndRig.PostAsync(host, delivery, "502", secret);
        await rig.EventuallyAsync(() => rig.Jira.Moves.Count == 2, Patience, "the real run moved two tickets");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.Jira.MovesOf("SOC-2").Should().ContainSingle();
    }

    private static async Task<(string Output, string Error)> RunAsync(EndToEndRig rig, params string[] arguments)
    {
        var (exitCode, output, error, _) = await UnotifyCommand.RunAsync(arguments, rig.Environment, rig.Directory, CommandTimeout);
        exitCode.Should().Be(0, $"unotify {string.Join(' ', arguments)} printed:\n{output}\n{error}");
        return (output, error);
    }
}

using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests;

/// <summary>A configuration change reaches running processes without a restart, as an operator makes it: SIGHUP, or a file saved.</summary>
public sealed class ConfigurationReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SIGHUP_makes_a_serve_and_a_work_process_take_a_new_project_and_both_keep_running()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, Workers("[soc]"), new Dictionary<string, string> { ["UNOTIFY_WATCH_CONFIG"] = "false" });
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("DEVHOP-2", "To Do").AddIssue("DEVHOP-3", "To Do");
        var serve = await rig.StartHostAsync("serve");
        var work = await rig.StartHostAsync("work");
        var secret = await rig.RegisterHookAsync(serve, "hup");
        await EndToEndRig.PostAsync(serve, GitHubDeliveries.MergedPullRequest("SOC-1 and DEVHOP-2 before"), "hup", secret);
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress", Patience, "SOC-1 moved");

        await rig.WriteWorkersYamlAsync(Workers("[soc, devhop]"));
        await serve.HangUpAsync();
        await work.HangUpAsync();
        await rig.EventuallyAsync(async () => await ReloadedToAsync(work) == 2 && await ReloadedToAsync(serve) == 2, Patience, "both processes reloaded");
        await EndToEndRig.PostAsync(serve, GitHubDeliveries.MergedPullRequest("DEVHOP-3 after"), "hup", secret);
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("DEVHOP-3") == "In Progress", Patience, "DEVHOP-3 moved by the reloaded machine");

        rig.Jira.StatusOf("DEVHOP-2").Should().Be("To Do", "before the reload devhop was not a project of the worker");
        serve.HasExited.Should().BeFalse("SIGHUP reloads; it does not end the process");
        work.HasExited.Should().BeFalse();
        work.Output.Should().Contain("Configuration reloaded (signal)").And.Contain("changed: atlassian");
    }

    private static string Workers(string projects) => $"""
        workers:
          atlassian:
            statefile: jira.hcl
            projects: {projects}
        """;

    /// <summary>
    /// The generation the last recorded reload put in force, 0 before the first. A generation is in force a moment
    /// before its reload is recorded and logged, so the test waits on the record, not on the generation.
    /// </summary>
    private static async Task<int> ReloadedToAsync(Testing.Hosting.HostProcess host)
    {
        using var client = EndToEndRig.AdminClient(host);
        var ready = JsonNode.Parse(await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)))!;
        return ready["data"]!["configuration"]!["last_reload"]?["generation"]?.GetValue<int>() ?? 0;
    }
}

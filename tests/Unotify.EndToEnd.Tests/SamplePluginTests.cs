using System.Net;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Receiving;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// A plugin author's whole path, through the real binary: the Slack sample, built only against the packed Unotify.Sdk,
/// dropped into a folder, named under plugins: in workers.yaml, loaded by the host, fed a signed merged pull request.
/// </summary>
public sealed class SamplePluginTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_slack_sample_built_against_the_sdk_package_posts_a_merged_pull_request_from_a_real_host()
    {
        await using var slack = await RecordingReceiver.StartAsync();
        var workers = $"""
            plugins:
              - plugins/slack/Unotify.Samples.SlackNotifier.dll
              - {SamplePlugin.GitHubProvider}
            workers:
              notify:
                processor: slack
                on:
                  github: pull_request.merged
                settings:
                  webhook_url: {slack.Url("/services/T0/B0/e2e")}
                  timeout: 5s
            """;
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, workers);
        var installed = SamplePlugin.CopyTo(Path.Combine(rig.Directory, "plugins", "slack"));
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "7");

        var (status, body) = await EndToEndRig.PostAsync(
            host, GitHubDeliveries.MergedPullRequest("SOC-1: log in with SSO", branch: "feature/devhop-2-sso"), "7", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        var posted = (await slack.WaitForAsync(1, Patience)).Should().ContainSingle().Subject;
        posted.Path.Should().Be("/services/T0/B0/e2e");
        posted.Json.GetProperty("text").GetString().Should().Be(
            "Pull request merged in Codertocat/Hello-World by Codertocat: "
            + "<https://github.com/Codertocat/Hello-World/pull/2|SOC-1: log in with SSO> (tickets: SOC-1, DEVHOP-2)");
        File.Exists(Path.Combine(Path.GetDirectoryName(installed)!, "Unotify.Sdk.dll")).Should()
            .BeFalse("the host supplies the SDK; a plugin that carries its own copy would not load");
    }
}

using System.Net;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Receiving;

namespace Unotify.EndToEnd.Tests;

/// <summary>The built-in chat notifiers through the real binary, beside the Jira worker, each loaded from the plugin DLL.</summary>
public sealed class NotificationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_merged_pull_request_reaches_Slack_Teams_and_Discord_once_each_while_Jira_moves_its_ticket()
    {
        await using var slack = await RecordingReceiver.StartAsync();
        await using var teams = await RecordingReceiver.StartAsync();
        await using var discord = await RecordingReceiver.StartAsync();
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, environment: new Dictionary<string, string>
        {
            ["SLACK_WEBHOOK_URL"] = slack.Url("/services/T0/B0/slack-secret").ToString(),
        });
        await rig.WriteWorkersYamlAsync($"""
            workers:
              atlassian:
                statefile: jira.hcl
                projects: [soc]
              chat:
                processor: slack
                on: {"{"} github: pull_request.merged {"}"}
                settings:
                  webhook_url: ${"{"}SLACK_WEBHOOK_URL{"}"}
              team:
                processor: teams
                on: {"{"} github: pull_request.merged {"}"}
                settings:
                  webhook_url: {teams.Url("/workflows/teams-secret")}
              server:
                processor: discord
                on: {"{"} github: pull_request.merged {"}"}
                settings:
                  webhook_url: {discord.Url("/api/webhooks/1/discord-secret")}
                  template: "{"{{"}title{"}}"} shipped by {"{{"}actor{"}}"}"
            """);
        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "61");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1: log in with SSO");

        var (status, body) = await EndToEndRig.PostAsync(host, delivery, "61", secret);
        (await EndToEndRig.PostAsync(host, delivery, "61", secret)).Status.Should().Be(HttpStatusCode.OK, "the same delivery again is a duplicate");

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        await rig.EventuallyAsync(() => rig.Jira.StatusOf("SOC-1") == "In Progress", Patience, "SOC-1 moved");
        (await slack.WaitForAsync(1, Patience)).Single().Json.GetProperty("text").GetString().Should()
            .StartWith("Codertocat merged \"SOC-1: log in with SSO\" in Codertocat/Hello-World · SOC-1");
        (await teams.WaitForAsync(1, Patience)).Single().Json.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0]
            .GetProperty("text").GetString().Should().Be("Codertocat merged \"SOC-1: log in with SSO\" in Codertocat/Hello-World · SOC-1");
        (await discord.WaitForAsync(1, Patience)).Single().Json.GetProperty("embeds")[0].GetProperty("description").GetString().Should()
            .Be("SOC-1: log in with SSO shipped by Codertocat");
        await Task.Delay(TimeSpan.FromSeconds(1));
        (slack.Requests.Count, teams.Requests.Count, discord.Requests.Count).Should().Be((1, 1, 1), "one message each, the redelivery sent nothing");
        rig.HostOutputs().Should().NotContain("slack-secret").And.NotContain("teams-secret").And.NotContain("discord-secret");

        // The history (and the dashboard, which shows it) names the host a message went to, never the URL's secret path.
        using var admin = EndToEndRig.AdminClient(host);
        var history = string.Empty;
        await rig.EventuallyAsync(async () =>
        {
            history = await admin.GetStringAsync(new Uri($"/conduit/deliveries/{delivery.DeliveryId}", UriKind.Relative));
            return System.Text.RegularExpressions.Regex.Count(history, "posted pull_request.merged to 127.0.0.1") == 3;
        }, Patience, "the three notifiers' attempts recorded");
        history.Should().NotContain("slack-secret").And.NotContain("teams-secret").And.NotContain("discord-secret");
    }

    [Fact]
    public async Task Slack_as_a_bot_gets_one_chat_postMessage_with_the_token_which_the_host_never_shows()
    {
        await using var slack = await RecordingReceiver.StartAsync();
        slack.AnswerNext(new ReceiverAnswer(200, """{"ok":true,"channel":"C0123ABCD","ts":"1.2"}"""));
        await using var rig = await EndToEndRig.CreateAsync(Backend.EmbeddedGarnet, environment: new Dictionary<string, string>
        {
            ["SLACK_BOT_TOKEN"] = "xoxb-e2e-bot-secret",
        });
        await rig.WriteWorkersYamlAsync($"""
            workers:
              chat:
                processor: slack
                on: {"{"} github: pull_request.merged {"}"}
                settings:
                  token: ${"{"}SLACK_BOT_TOKEN{"}"}
                  channel: C0123ABCD
                  api_url: {slack.BaseUrl}/api/
            """);
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "62");

        var (status, body) = await EndToEndRig.PostAsync(host, GitHubDeliveries.MergedPullRequest("SOC-1: log in with SSO"), "62", secret);

        status.Should().Be(HttpStatusCode.Accepted, body.ToJsonString());
        var request = (await slack.WaitForAsync(1, Patience)).Single();
        (request.Path, request.Header("Authorization")).Should().Be(("/api/chat.postMessage", "Bearer xoxb-e2e-bot-secret"));
        request.Json.GetProperty("channel").GetString().Should().Be("C0123ABCD");
        request.Json.GetProperty("text").GetString().Should().StartWith("Codertocat merged \"SOC-1: log in with SSO\"");
        rig.HostOutputs().Should().NotContain("e2e-bot-secret");
    }
}

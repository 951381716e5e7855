using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Hosting;

namespace Unotify.EndToEnd.Tests;

/// <summary>
/// "What happened to SOC-1?", through the real binary: the delivery history the door and the workers write, read back
/// through the admin routes.
/// </summary>
public sealed class HistoryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(Backend.Redis)]
    [InlineData(Backend.EmbeddedGarnet)]
    [InlineData(Backend.RedisCluster)]
    public async Task Explain_tells_which_delivery_moved_a_ticket_where_its_key_was_found_and_from_which_status_to_which(Backend backend)
    {
        await using var rig = await EndToEndRig.CreateAsync(backend);
        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "100");
        var delivery = GitHubDeliveries.MergedPullRequest("Log in with SSO", branch: "feature/soc-1-sso");

        (await EndToEndRig.PostAsync(host, delivery, "100", secret)).Status.Should().Be(HttpStatusCode.Accepted);

        var story = await EventuallyAsync(rig, host, "/conduit/tickets/SOC-1", data => data["steps"]!.AsArray().Count == 1);
        var step = story["steps"]![0]!;
        step["delivery_id"]!.GetValue<string>().Should().Be(delivery.DeliveryId);
        step["kind"]!.GetValue<string>().Should().Be("pull_request.merged");
        var attempt = step["attempts"]!.AsArray().Should().ContainSingle().Subject!;
        attempt["worker"]!.GetValue<string>().Should().Be("atlassian");
        attempt["result"]!.GetValue<string>().Should().Be("done");
        attempt["outcome"]!.GetValue<string>().Should().Be("moved");
        (attempt["from"]!.GetValue<string>(), attempt["to"]!.GetValue<string>(), attempt["found_in"]!.GetValue<string>()).Should().Be(("To Do", "In Progress", "branch"));

        var shown = await GetAsync(host, $"/conduit/deliveries/{delivery.DeliveryId}");
        var record = shown.AsArray().Should().ContainSingle().Subject!;
        (record["outcome"]!.GetValue<string>(), record["repo_id"]!.GetValue<string>()).Should().Be(("queued", "100"));
        record["workers"]!.AsArray().Select(worker => worker!.GetValue<string>()).Should().Equal("atlassian");
    }

    [Fact]
    public async Task A_throttled_attempt_a_refused_move_a_bad_signature_and_a_duplicate_each_show_as_what_they_were()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-1", "To Do").AddIssue("SOC-2", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "200");

        rig.Jira.FailNext(429, retryAfter: TimeSpan.FromSeconds(1));
        var throttled = GitHubDeliveries.MergedPullRequest("SOC-1 after a 429");
        await EndToEndRig.PostAsync(host, throttled, "200", secret);
        var attempts = await EventuallyAsync(rig, host, $"/conduit/deliveries/{throttled.DeliveryId}", data => data[0]!["attempts"]!.AsArray().Count == 2);
        attempts[0]!["attempts"]!.AsArray().Select(attempt => attempt!["result"]!.GetValue<string>()).Should().Equal("retry", "done");
        attempts[0]!["attempts"]![0]!["reason"]!.GetValue<string>().Should().Contain("429");

        rig.Jira.FailNext(400, method: "POST", pathEnding: "/transitions");
        var refused = GitHubDeliveries.MergedPullRequest("SOC-2 refused");
        await EndToEndRig.PostAsync(host, refused, "200", secret);
        var failed = await EventuallyAsync(rig, host, "/conduit/tickets/soc-2", data => data["steps"]!.AsArray().Count == 1);
        var failedAttempt = failed["steps"]![0]!["attempts"]![0]!;
        failedAttempt["result"]!.GetValue<string>().Should().Be("fail");
        failedAttempt["outcome"]!.GetValue<string>().Should().Be("failed");
        failedAttempt["detail"]!.GetValue<string>().Should().Contain("Jira refused to move it").And.Contain("400");

        var forged = GitHubDeliveries.MergedPullRequest("SOC-1 forged");
        (await EndToEndRig.PostAsync(host, forged, "200", "not-the-secret")).Status.Should().Be(HttpStatusCode.Unauthorized);
        var rejected = await EventuallyAsync(rig, host, $"/conduit/deliveries/{forged.DeliveryId}", data => data.AsArray().Count == 1);
        (rejected[0]!["outcome"]!.GetValue<string>(), rejected[0]!["reason"]!.GetValue<string>()).Should().Be(("rejected", "bad signature"));

        var twice = GitHubDeliveries.MergedPullRequest("no ticket named here");
        await EndToEndRig.PostAsync(host, twice, "200", secret);
        await EndToEndRig.PostAsync(host, twice, "200", secret);
        await EventuallyAsync(rig, host, $"/conduit/deliveries/{twice.DeliveryId}", data => data[0]!["duplicates"]!.GetValue<int>() == 1);
        var page = await GetAsync(host, "/conduit/deliveries?repo_id=200&limit=50");
        page["deliveries"]!.AsArray().Select(entry => entry!["delivery_id"]!.GetValue<string>())
            .Should().Equal(twice.DeliveryId, forged.DeliveryId, refused.DeliveryId, throttled.DeliveryId);
        var onlyRejected = await GetAsync(host, "/conduit/deliveries?outcome=rejected");
        onlyRejected["deliveries"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Replaying_a_done_delivery_runs_it_again_and_moves_no_ticket_twice()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "300");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 replayed");
        await EndToEndRig.PostAsync(host, delivery, "300", secret);
        var before = await EndedAsync(rig, host, delivery.DeliveryId);

        using var admin = EndToEndRig.AdminClient(host);
        using var replayed = await admin.PostAsync(new Uri($"/conduit/deliveries/{delivery.DeliveryId}/replay", UriKind.Relative), content: null);
        var answer = (await replayed.Content.ReadFromJsonAsync<JsonNode>())!;

        replayed.StatusCode.Should().Be(HttpStatusCode.OK, answer.ToJsonString());
        answer["data"]!["queued_for"]!.AsArray().Select(worker => worker!.GetValue<string>()).Should().Equal("atlassian");
        answer["data"]!["note"]!.GetValue<string>().Should().Contain("not done again");
        var record = await EventuallyAsync(rig, host, $"/conduit/deliveries/{delivery.DeliveryId}", data => data[0]!["attempts"]!.AsArray().Count == before + 2);
        // The replay's entry comes before the replayed job's attempt, whichever of the two was written first.
        var replay = record[0]!["attempts"]![before]!;
        replay["result"]!.GetValue<string>().Should().Be("replayed");
        replay["worker"]!.GetValue<string>().Should().Be("atlassian");
        var second = record[0]!["attempts"]![before + 1]!;
        second["result"]!.GetValue<string>().Should().Be("done");
        second["job_id"]!.GetValue<string>().Should().Be(replay["job_id"]!.GetValue<string>());
        second["items"]![0]!["kind"]!.GetValue<string>().Should().Be("unchanged");
        second["items"]![0]!["detail"]!.GetValue<string>().Should().Contain("already done for this delivery");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        (await EndToEndRig.PostAsync(host, delivery, "300", secret)).Body["data"]!["duplicate"]!.GetValue<bool>().Should().BeTrue("the sender's redelivery is still a duplicate");
        (await admin.PostAsync(new Uri("/conduit/deliveries/never-seen/replay", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Simulate_says_what_a_replay_then_does_and_changes_nothing()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        rig.Jira.AddIssue("SOC-2", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "400");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 and SOC-2 and SOC-3");
        await EndToEndRig.PostAsync(host, delivery, "400", secret);
        var before = await EndedAsync(rig, host, delivery.DeliveryId);
        rig.Jira.AddIssue("SOC-1", "To Do"); // created after the delivery: the first run skipped it, a replay would move it
        var movesBefore = rig.Jira.Moves.Count;

        var simulated = await PostAsync(host, $"/conduit/deliveries/{delivery.DeliveryId}/simulate");
        var worker = simulated["workers"]!.AsArray().Should().ContainSingle().Subject!;
        var predicted = Items(worker["items"]!);

        rig.Jira.Moves.Count.Should().Be(movesBefore, "a simulation changes nothing in Jira");
        predicted.Should().Equal(("SOC-1", "would_move"), ("SOC-2", "unchanged"), ("SOC-3", "skipped"));
        worker["items"]![0]!["to"]!.GetValue<string>().Should().Be("In Progress");

        await PostAsync(host, $"/conduit/deliveries/{delivery.DeliveryId}/replay");
        var record = await EventuallyAsync(rig, host, $"/conduit/deliveries/{delivery.DeliveryId}", data => data[0]!["attempts"]!.AsArray().Count == before + 2);
        record[0]!["attempts"]![before]!["result"]!.GetValue<string>().Should().Be("replayed");
        var actual = Items(record[0]!["attempts"]![before + 1]!["items"]!);
        actual.Select(item => (item.Subject, item.Kind == "moved" ? "would_move" : item.Kind)).Should().Equal(predicted, "the replay did what the simulation said");
        rig.Jira.MovesOf("SOC-1").Should().ContainSingle();
        rig.Jira.MovesOf("SOC-2").Should().ContainSingle("SOC-2 was moved by the first run and is not moved again");
    }

    [Fact]
    public async Task A_delivery_whose_payload_is_not_kept_answers_gone_and_says_how_to_get_it_again()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis, environment: new Dictionary<string, string> { ["UNOTIFY_HISTORY_PAYLOAD_RETENTION"] = "0" });
        rig.Jira.AddIssue("SOC-1", "To Do");
        var host = await rig.StartHostAsync();
        var secret = await rig.RegisterHookAsync(host, "301");
        var delivery = GitHubDeliveries.MergedPullRequest("SOC-1 not kept");
        await EndToEndRig.PostAsync(host, delivery, "301", secret);
        await EndedAsync(rig, host, delivery.DeliveryId);

        using var admin = EndToEndRig.AdminClient(host);
        using var replayed = await admin.PostAsync(new Uri($"/conduit/deliveries/{delivery.DeliveryId}/replay", UriKind.Relative), content: null);
        var answer = (await replayed.Content.ReadFromJsonAsync<JsonNode>())!;

        replayed.StatusCode.Should().Be(HttpStatusCode.Gone);
        answer["error_code"]!.GetValue<string>().Should().Be("PAYLOAD_GONE");
        answer["error_msg"]!.GetValue<string>().Should().Contain("UNOTIFY_HISTORY_PAYLOAD_RETENTION is 0").And.Contain("redeliver");
    }

    [Fact]
    public async Task A_ticket_no_delivery_named_answers_an_empty_story_with_a_hint_naming_the_projects_handled()
    {
        await using var rig = await EndToEndRig.CreateAsync(Backend.Redis);
        var host = await rig.StartHostAsync();

        var unknownProject = await GetAsync(host, "/conduit/tickets/SCO-1");
        var quiet = await GetAsync(host, "/conduit/tickets/SOC-77");

        unknownProject["steps"]!.AsArray().Should().BeEmpty();
        unknownProject["hint"]!.GetValue<string>().Should().Contain("No worker handles the project SCO").And.Contain("DEVHOP, SOC");
        quiet["hint"]!.GetValue<string>().Should().Contain("No delivery in the history (it keeps 14d) named SOC-77");
        using var admin = EndToEndRig.AdminClient(host);
        var bad = await admin.GetAsync(new Uri("/conduit/tickets/not a key", UriKind.Relative));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.GetAsync(new Uri("/conduit/deliveries?cursor=garbage", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.GetAsync(new Uri("/conduit/deliveries?outcome=exploded", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.GetAsync(new Uri("/conduit/deliveries/nope", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var anonymous = new HttpClient { BaseAddress = admin.BaseAddress };
        (await anonymous.GetAsync(new Uri("/conduit/deliveries", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static List<(string Subject, string Kind)> Items(JsonNode items) =>
        items.AsArray().Select(item => (item!["subject"]!.GetValue<string>(), item["kind"]!.GetValue<string>())).ToList();

    private static async Task<JsonNode> PostAsync(HostProcess host, string path)
    {
        using var admin = EndToEndRig.AdminClient(host);
        using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content: null);
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToJsonString());
        return body["data"]!;
    }

    private static async Task<JsonNode> GetAsync(HostProcess host, string path)
    {
        using var admin = EndToEndRig.AdminClient(host);
        var body = await admin.GetFromJsonAsync<JsonNode>(new Uri(path, UriKind.Relative));
        return body!["data"]!;
    }

    /// <summary>
    /// Waits until an attempt at the delivery ended its job (done), after which its payload is kept for a replay, and
    /// returns how many attempts it took: under the suite's load the first one can be a retry.
    /// </summary>
    private static async Task<int> EndedAsync(EndToEndRig rig, HostProcess host, string deliveryId)
    {
        var data = await EventuallyAsync(rig, host, $"/conduit/deliveries/{deliveryId}", data =>
            data[0]!["attempts"]!.AsArray().Any(attempt => attempt!["result"]!.GetValue<string>() == "done"));
        return data[0]!["attempts"]!.AsArray().Count;
    }

    private static async Task<JsonNode> EventuallyAsync(EndToEndRig rig, HostProcess host, string path, Func<JsonNode, bool> condition)
    {
        JsonNode? data = null;
        await rig.EventuallyAsync(
            async () =>
            {
                using var admin = EndToEndRig.AdminClient(host);
                using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                data = (await response.Content.ReadFromJsonAsync<JsonNode>())!["data"]!;
                return condition(data);
            },
            Patience,
            $"{path} shows what is expected (last: {data?.ToJsonString()})");
        return data!;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Unotify.Testing.FakeJira;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>The fake Jira answers like the fixtures in tests/fixtures/jira/ say Jira does.</summary>
public sealed class FakeJiraServerTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeJiraServer _jira = null!;

    public async Task InitializeAsync()
    {
        _jira = await FakeJiraServer.StartAsync();
        _jira.AddIssue("SOC-1", "To Do");
    }

    public async Task DisposeAsync()
    {
        await _jira.DisposeAsync();
        _http.Dispose();
    }

    private static string Fixture(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "jira", file));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, FakeJiraAuth? auth = null)
    {
        using var request = new HttpRequestMessage(method, _jira.BaseUrl + path);
        var credentials = auth ?? _jira.Auth;
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Email + ":" + credentials.Token)));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request);
    }

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Fact]
    public void Listens_on_the_loopback_address() =>
        new Uri(_jira.BaseUrl).Host.Should().Be("127.0.0.1");

    [Fact]
    public async Task Answers_an_issues_status_like_Jira()
    {
        using var response = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1?fields=status");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonOf(response))["fields"]!["status"]!["name"]!.GetValue<string>().Should().Be("To Do");
    }

    [Fact]
    public async Task Offers_the_transitions_of_the_current_status_with_their_targets()
    {
        using var response = await SendAsync(HttpMethod.Get, "/rest/api/2/issue/soc-1/transitions");

        var transitions = (await JsonOf(response))["transitions"]!.AsArray();
        transitions.Select(t => (t!["id"]!.GetValue<string>(), t["name"]!.GetValue<string>(), t["to"]!["name"]!.GetValue<string>()))
            .Should().Equal(("21", "Start work", "In Progress"));
    }

    [Fact]
    public async Task Applies_a_posted_transition_and_records_it()
    {
        using var response = await SendAsync(HttpMethod.Post, "/rest/api/3/issue/SOC-1/transitions", Fixture("transition.request.json"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        _jira.StatusOf("SOC-1").Should().Be("In Progress");
        _jira.MovesOf("SOC-1").Should().ContainSingle().Which.Should().Match<FakeJiraMove>(m => m.FromStatus == "To Do" && m.TransitionId == "21");
        _jira.TransitionCalls("SOC-1").Should().ContainSingle().Which.StatusCode.Should().Be(204);
    }

    [Fact]
    public async Task Refuses_a_transition_not_offered_from_the_current_status_with_Jiras_error()
    {
        using var response = await SendAsync(HttpMethod.Post, "/rest/api/3/issue/SOC-1/transitions", """{"transition":{"id":"99"}}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.DeepEquals(await JsonOf(response), JsonNode.Parse(Fixture("error.400.transition.json"))).Should().BeTrue();
        _jira.StatusOf("SOC-1").Should().Be("To Do");
    }

    [Fact]
    public async Task Answers_an_unknown_issue_with_Jiras_404()
    {
        using var response = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-404?fields=status");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonNode.DeepEquals(await JsonOf(response), JsonNode.Parse(Fixture("error.404.json"))).Should().BeTrue();
    }

    [Fact]
    public async Task Refuses_wrong_credentials_with_401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1", auth: FakeJiraAuth.Basic("unotify@example.com", "wrong"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Answers_the_next_calls_with_the_failure_it_was_told_to_then_recovers()
    {
        _jira.FailNext(429, retryAfter: TimeSpan.FromMilliseconds(1500), count: 2);

        using var first = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1");
        using var second = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1");
        using var third = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1");

        first.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        first.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.StatusCode.Should().Be(HttpStatusCode.OK);
        _jira.Calls.Select(c => c.StatusCode).Should().Equal(429, 429, 200);
    }

    [Fact]
    public async Task Fails_only_calls_of_the_given_method()
    {
        _jira.FailNext(500, method: "POST");

        using var get = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1");
        using var post = await SendAsync(HttpMethod.Post, "/rest/api/3/issue/SOC-1/transitions", Fixture("transition.request.json"));

        get.StatusCode.Should().Be(HttpStatusCode.OK);
        post.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        _jira.StatusOf("SOC-1").Should().Be("To Do");
    }

    [Fact]
    public async Task Waits_the_response_delay_before_answering()
    {
        _jira.ResponseDelay = TimeSpan.FromMilliseconds(200);
        var started = TimeProvider.System.GetTimestamp();

        using var response = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1");

        TimeProvider.System.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
    }

    [Fact]
    public async Task Forgets_calls_when_cleared_but_keeps_the_issues()
    {
        using var response = await SendAsync(HttpMethod.Get, "/rest/api/3/issue/SOC-1");

        _jira.ClearCalls();

        _jira.Calls.Should().BeEmpty();
        _jira.StatusOf("SOC-1").Should().Be("To Do");
    }
}

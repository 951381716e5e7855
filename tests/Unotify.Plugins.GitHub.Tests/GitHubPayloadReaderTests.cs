using System.Text;
using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub.Tests;

/// <summary>
/// The one-pass reader reads what a <see cref="JsonDocument"/> read before it: each case is read both ways, the document
/// through the SDK's <see cref="JsonElementPath"/> as the provider did, and the two must agree.
/// </summary>
public sealed class GitHubPayloadReaderTests
{
    public static TheoryData<string> Payloads => new()
    {
        Fixture("pull_request.closed.json"),
        Fixture("pull_request.opened.with-null-body.json"),
        Fixture("release.published.json"),
        Fixture("push.json"),
        """{"action":"closed","pull_request":{"merged":true,"title":"SOC-1 first","title":"SOC-2 last wins"}}""",
        """{"pull_request":{"title":"SOC-1","head":{"ref":"soc-1"}},"pull_request":{"body":"only the last object counts"}}""",
        """{"pull_request":{"merged":"true","title":7,"body":null,"head":"not an object","html_url":["x"]}}""",
        """{"pull_request":[{"title":"SOC-1 in an array"}],"release":"a string","sender":{"login":{"nested":"no"}}}""",
        """{"ref":"refs/heads/soc-3","commits":[{"message":"SOC-3 one"},"not an object",{"id":"no message"},{"message":5},{"message":"SOC-4 two","message":"SOC-5 last"}]}""",
        """{"commits":{"message":"an object, not an array"},"compare":"https://github.com/o/r/compare/a...b"}""",
        """{"\u0061ction":"closed","pull_request":{"merged":true,"t\u0069tle":"SOC-6 escaped names"},"repository":{"full_name":"o/r"}}""",
        """{"other":{"pull_request":{"title":"nested deeper is not the pull request"}},"action":"opened"}""",
        """{"pull_request":{"head":{"repo":{"ref":"too deep"},"ref":"soc-7"}},"sender":{"login":"octocat"}}""",
        """{"release":{"name":"v1 SOC-8","body":"notes \n SOC-9","html_url":"https://github.com/o/r/releases/v1"}}""",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Reads_what_a_json_document_reads(string json)
    {
        var payload = GitHubPayloadReader.Read(Encoding.UTF8.GetBytes(json), 128);

        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
        var root = document.RootElement;
        payload.Should().BeEquivalentTo(new
        {
            RootKind = JsonValueKind.Object,
            Action = JsonElementPath.String(root, "action"),
            Merged = JsonElementPath.IsTrue(root, "pull_request", "merged"),
            Title = JsonElementPath.String(root, "pull_request", "title"),
            Body = JsonElementPath.String(root, "pull_request", "body"),
            HeadRef = JsonElementPath.String(root, "pull_request", "head", "ref"),
            PullRequestUrl = JsonElementPath.String(root, "pull_request", "html_url"),
            ReleaseName = JsonElementPath.String(root, "release", "name"),
            ReleaseNotes = JsonElementPath.String(root, "release", "body"),
            ReleaseUrl = JsonElementPath.String(root, "release", "html_url"),
            Ref = JsonElementPath.String(root, "ref"),
            Compare = JsonElementPath.String(root, "compare"),
            HasCommits = JsonElementPath.TryGet(root, out var commits, "commits") && commits.ValueKind == JsonValueKind.Array,
            CommitMessages = commits.ValueKind == JsonValueKind.Array
                ? commits.EnumerateArray().Where(commit => commit.ValueKind == JsonValueKind.Object).Select(commit => JsonElementPath.String(commit, "message")).ToList()
                : [],
            RepositoryFullName = JsonElementPath.String(root, "repository", "full_name"),
            SenderLogin = JsonElementPath.String(root, "sender", "login"),
        }, options => options.WithStrictOrdering());
    }

    [Theory]
    [InlineData("[1,2]", JsonValueKind.Array)]
    [InlineData("\"text\"", JsonValueKind.String)]
    [InlineData("42", JsonValueKind.Number)]
    [InlineData("null", JsonValueKind.Null)]
    public void Tells_what_a_payload_that_is_not_an_object_is(string json, JsonValueKind kind)
    {
        GitHubPayloadReader.Read(Encoding.UTF8.GetBytes(json), 128).RootKind.Should().Be(kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"action\":\"closed\"} {\"second\":1}")]
    [InlineData("[1,2] 3")]
    [InlineData("{\"action\":\"closed\",\"pull_request\":{\"title\":\"cut off")]
    [InlineData("{\"action\":'single quotes'}")]
    public void Refuses_what_is_not_one_json_value_as_a_document_does(string json)
    {
        FluentActions.Invoking(() => JsonDocument.Parse(json)).Should().Throw<JsonException>();
        FluentActions.Invoking(() => GitHubPayloadReader.Read(Encoding.UTF8.GetBytes(json), 128)).Should().Throw<JsonException>();
    }

    [Fact]
    public void Refuses_values_nested_deeper_than_allowed()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 129)) + "1" + new string('}', 129);

        FluentActions.Invoking(() => GitHubPayloadReader.Read(Encoding.UTF8.GetBytes(json), 128)).Should().Throw<JsonException>();
    }

    private static string Fixture(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "github", file));
}

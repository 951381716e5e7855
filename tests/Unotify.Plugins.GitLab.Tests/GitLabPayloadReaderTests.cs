using System.Text;
using System.Text.Json;
using Unotify.Plugins.GitLab.Tests.Reference;
using Unotify.Sdk;

namespace Unotify.Plugins.GitLab.Tests;

/// <summary>
/// The streaming reader agrees with the document reading it replaced (<see cref="DocumentGitLabEventReader"/>) on every
/// fixture and on payloads a document reads in its own way: names given twice, values of the wrong kind, escaped names,
/// odd commit lists, and JSON that is not one valid value.
/// </summary>
public sealed class GitLabPayloadReaderTests
{
    private const int MaxDepth = 128;

    private static readonly string[] Fixtures = ["merge_request.merge.json", "merge_request.open.json", "push.json", "tag_push.json", "release.create.json"];

    private static readonly string[] Additions =
    [
        "",
        """ "object_attributes": { "title": "SOC-9 later", "action": "close" } """,
        """ "object_attributes": "not an object" """,
        """ "object_attributes": [ { "title": "SOC-9 in an array" } ] """,
        """ "object_attributes": { "last_commit": [ { "message": "SOC-4" } ], "url": 7 } """,
        """ "object_attributes": { "last_commit": { "message": "SOC-5 first", "message": "SOC-6 second" } } """,
        """ "ref": "refs/heads/soc-7-later" """,
        """ "ref": 12 """,
        """ "user": 5 """,
        """ "user": { "username": null } """,
        """ "user_username": { "name": "x" } """,
        """ "commits": { "message": "SOC-8" } """,
        """ "commits": [ 1, "x", null, [ { "message": "SOC-10 nested" } ], { "message": "SOC-3 m", "url": "https://g/c/3" }, { "url": null, "message": 5 } ] """,
        """ "commits": [ { "message": "SOC-11 a", "message": "SOC-12 b", "url": "https://g/c/1", "url": 3 } ], "commits": [ { "message": "SOC-13 last" } ] """,
        """ "commits": [] """,
        """ "project": { "web_url": "https://g/p" } """,
        """ "project": [ { "path_with_namespace": "x/y" } ] """,
        """ "commit": { "author": "a string" } """,
        """ "commit": { "author": { "name": "Ada", "name": null } } """,
        """ "\u006fbject_kind": "push", "r\u0065f": "refs/heads/escaped" """,
        """ "object_kind": "release", "action": "update", "name": "v2 SOC-1", "description": "notes", "url": "https://g/r" """,
        """ "object_kind": null, "event_name": "repository_update" """,
        """ "object_kind": "note", "object_attributes": { "action": "create", "url": "https://g/n" } """,
        """ "message": "SOC-2 annotated", "deep": { "a": { "b": { "c": { "object_kind": "ignored" } } } } """,
    ];

    public static TheoryData<string, int> FixturesWithAdditions()
    {
        var data = new TheoryData<string, int>();
        foreach (var fixture in Fixtures)
        {
            for (var addition = 0; addition < Additions.Length; addition++)
            {
                data.Add(fixture, addition);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesWithAdditions))]
    public void A_fixture_with_an_addition_reads_as_the_document_read_it(string fixture, int addition)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "gitlab", fixture)).TrimEnd();
        if (Additions[addition].Length > 0)
        {
            json = json[..json.LastIndexOf('}')] + "," + Additions[addition] + "}";
        }

        ShouldAgree(json);
    }

    [Theory]
    [InlineData("""[ { "object_kind": "push" } ]""")]
    [InlineData("\"push\"")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{ "object_kind": "push" }""")]
    [InlineData("""{ "object_kind": 5, "event_name": "push" }""")]
    [InlineData("""{ "object_kind": "push", }""")]
    [InlineData("""{ "object_kind": "push" } { }""")]
    [InlineData("""{ "object_kind": "push" """)]
    [InlineData("")]
    [InlineData("""{ "object_kind": "push", "commits": [ { "message": "SOC-1" """)]
    public void An_odd_or_broken_payload_reads_or_fails_as_the_document_did(string json) => ShouldAgree(json);

    [Theory]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(128)]
    public void Nesting_is_refused_at_the_same_depth(int depth)
    {
        ShouldAgree("""{ "object_kind": "push", "deep": """ + new string('[', depth) + new string(']', depth) + " }");
    }

    private static void ShouldAgree(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var expected = Capture(() => ByDocument(body));
        var actual = Capture(() => ByReader(body));

        actual.Should().Be(expected, $"the streaming reader reads {json} as the document did");
    }

    private static string Capture(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (JsonException exception)
        {
            return "invalid: " + exception.Message;
        }
    }

    private static string ByDocument(byte[] body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "root " + root.ValueKind;
        }

        var objectKind = JsonElementPath.String(root, "object_kind") ?? JsonElementPath.String(root, "event_name");
        if (string.IsNullOrEmpty(objectKind))
        {
            return "no kind";
        }

        var reading = DocumentGitLabEventReader.Read(objectKind, root);
        return Describe(reading.Kind, reading.Texts, reading.Url, reading.Actor, JsonElementPath.String(root, "project", "path_with_namespace"));
    }

    private static string ByReader(byte[] body)
    {
        var payload = GitLabPayloadReader.Read(body, MaxDepth);
        if (payload.RootKind != JsonValueKind.Object)
        {
            return "root " + payload.RootKind;
        }

        var objectKind = payload.ObjectKind ?? payload.EventName;
        if (string.IsNullOrEmpty(objectKind))
        {
            return "no kind";
        }

        var reading = GitLabEventReader.Read(objectKind, payload);
        return Describe(reading.Kind, reading.Texts, reading.Url, reading.Actor, payload.ProjectPath);
    }

    private static string Describe(string kind, IReadOnlyList<EventText> texts, string? url, string? actor, string? repository) =>
        $"kind {kind}; texts [{string.Join(" | ", texts.Select(text => $"{text.Source}: {text.Text}"))}]; url {url ?? "-"}; actor {actor ?? "-"}; repository {repository ?? "-"}";
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Unotify.Testing.FakeJira;

/// <summary>
/// The fake Jira's state and its answers to the three REST calls the Jira processor makes. Not thread-safe: the
/// server holds its lock around every use.
/// </summary>
internal sealed partial class FakeJiraApi(FakeJiraWorkflow workflow, FakeJiraAuth auth)
{
    // The error bodies are the ones in tests/fixtures/jira/.
    private const string NotFoundJson = """{ "errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {} }""";
    private const string UnauthorizedJson = """{ "errorMessages": ["You are not authenticated. Authentication required to perform this operation."], "errors": {} }""";

    public FakeJiraAuth Auth { get; } = auth;

    public Dictionary<string, string> Issues { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<FakeJiraCall> Calls { get; } = [];

    public List<FakeJiraMove> Moves { get; } = [];

    public List<FakeJiraComment> Comments { get; } = [];

    public List<FakeJiraFault> Faults { get; } = [];

    /// <summary>The remote links, in the order they were first added; a POST with a known global id replaces its entry.</summary>
    public List<FakeJiraRemoteLink> RemoteLinks { get; } = [];

    /// <summary>Answers one request, applying a POSTed transition.</summary>
    public FakeJiraAnswer Answer(string method, string path, string query, string body, string? authorization, DateTimeOffset at)
    {
        var faultIndex = Faults.FindIndex(f => (f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase))
            && (f.PathEnding is null || path.TrimEnd('/').EndsWith(f.PathEnding, StringComparison.OrdinalIgnoreCase)));
        if (faultIndex >= 0)
        {
            var fault = Faults[faultIndex];
            Faults.RemoveAt(faultIndex);
            if (fault.AfterHandling)
            {
                Handle(method, path, query, body, authorization, at);
            }

            return new FakeJiraAnswer(fault.StatusCode, Errors($"Injected failure {fault.StatusCode}"), fault.RetryAfter, fault.RetryAfterAsDate);
        }

        return Handle(method, path, query, body, authorization, at);
    }

    private FakeJiraAnswer Handle(string method, string path, string query, string body, string? authorization, DateTimeOffset at)
    {

        if (!Auth.Accepts(authorization))
        {
            return new FakeJiraAnswer((int)HttpStatusCode.Unauthorized, UnauthorizedJson);
        }

        var route = IssueRoute().Match(path);
        if (!route.Success)
        {
            // Like a web server in front of Jira: a plain 404, not Jira's error JSON.
            return new FakeJiraAnswer((int)HttpStatusCode.NotFound);
        }

        var key = Uri.UnescapeDataString(route.Groups["key"].Value);
        if (!Issues.TryGetValue(key, out var status))
        {
            return new FakeJiraAnswer((int)HttpStatusCode.NotFound, NotFoundJson);
        }

        return (method, route.Groups["sub"].Value) switch
        {
            ("GET", "") => new FakeJiraAnswer((int)HttpStatusCode.OK, IssueJson(key, status)),
            ("GET", "/transitions") => new FakeJiraAnswer((int)HttpStatusCode.OK, TransitionsJson(status, withFields: query.Contains("expand=transitions.fields", StringComparison.Ordinal))),
            ("POST", "/transitions") => Transition(key, status, body, at),
            ("POST", "/comment") => Comment(key, body),
            ("POST", "/remotelink") => RemoteLink(key, body),
            _ => new FakeJiraAnswer((int)HttpStatusCode.MethodNotAllowed, Errors($"{method} is not supported at {path}")),
        };
    }

    private FakeJiraAnswer Transition(string key, string status, string body, DateTimeOffset at)
    {
        string? id;
        JsonObject? fields;
        try
        {
            var request = JsonNode.Parse(body);
            id = request?["transition"]?["id"]?.GetValue<string>();
            fields = request?["fields"] as JsonObject;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return new FakeJiraAnswer((int)HttpStatusCode.BadRequest, Errors($"Can not read the request body: {exception.Message}"));
        }

        var transition = workflow.From(status).FirstOrDefault(t => t.Id == id);
        if (transition is null)
        {
            return new FakeJiraAnswer((int)HttpStatusCode.BadRequest, Errors($"Transition id '{id}' is not valid for this issue."));
        }

        var missing = transition.RequiredFields.Where(field => fields?[field] is null).ToList();
        if (missing.Count > 0)
        {
            // Jira's answer for a screen's required field: no errorMessages, the field under "errors".
            var errors = new JsonObject();
            foreach (var field in missing)
            {
                errors[field] = $"{FieldName(field)} is required.";
            }

            return new FakeJiraAnswer((int)HttpStatusCode.BadRequest, new JsonObject { ["errorMessages"] = new JsonArray(), ["errors"] = errors }.ToJsonString());
        }


        var canonicalKey = Issues.Keys.First(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        Issues[canonicalKey] = transition.ToStatus;
        Moves.Add(new FakeJiraMove(canonicalKey, status, transition.ToStatus, transition.Id, at));
        return new FakeJiraAnswer((int)HttpStatusCode.NoContent);
    }

    private FakeJiraAnswer Comment(string key, string body)
    {
        JsonNode? content;
        try
        {
            content = JsonNode.Parse(body)?["body"];
        }
        catch (JsonException exception)
        {
            return new FakeJiraAnswer((int)HttpStatusCode.BadRequest, Errors($"Can not read the request body: {exception.Message}"));
        }

        if (content is null)
        {
            return new FakeJiraAnswer((int)HttpStatusCode.BadRequest, Errors("Comment body can not be empty!"));
        }

        var texts = new List<string>();
        var links = new List<string>();
        if (content.GetValueKind() == JsonValueKind.String)
        {
            texts.Add(content.GetValue<string>());
        }
        else
        {
            Walk(content, texts, links);
        }

        var canonicalKey = Issues.Keys.First(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        Comments.Add(new FakeJiraComment(canonicalKey, string.Concat(texts), links, body));
        return new FakeJiraAnswer((int)HttpStatusCode.Created, new JsonObject { ["id"] = Comments.Count.ToString(CultureInfo.InvariantCulture) }.ToJsonString());
    }

    private FakeJiraAnswer RemoteLink(string key, string body)
    {
        JsonNode? link;
        try
        {
            link = JsonNode.Parse(body);
        }
        catch (JsonException exception)
        {
            return new FakeJiraAnswer((int)HttpStatusCode.BadRequest, Errors($"Can not read the request body: {exception.Message}"));
        }

        var url = link?["object"]?["url"]?.GetValue<string>();
        var title = link?["object"]?["title"]?.GetValue<string>();
        if (url is null || title is null)
        {
            // Jira's own answer names the missing fields under "errors".
            return new FakeJiraAnswer((int)HttpStatusCode.BadRequest, new JsonObject
            {
                ["errorMessages"] = new JsonArray(),
                ["errors"] = new JsonObject { ["object"] = "The remote link object (url and title) is required." },
            }.ToJsonString());
        }

        var canonicalKey = Issues.Keys.First(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        var globalId = link?["globalId"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N");
        var entry = new FakeJiraRemoteLink(canonicalKey, globalId, url, title, body);
        var existing = RemoteLinks.FindIndex(l => l.Key == canonicalKey && l.GlobalId == globalId);
        if (existing >= 0)
        {
            RemoteLinks[existing] = entry;
            return new FakeJiraAnswer((int)HttpStatusCode.OK, new JsonObject { ["id"] = existing + 1, ["self"] = "remotelink" }.ToJsonString());
        }

        RemoteLinks.Add(entry);
        return new FakeJiraAnswer((int)HttpStatusCode.Created, new JsonObject { ["id"] = RemoteLinks.Count, ["self"] = "remotelink" }.ToJsonString());
    }

    private static void Walk(JsonNode node, List<string> texts, List<string> links)
    {
        if (node is JsonObject element)
        {
            if (element["type"]?.GetValue<string>() == "text" && element["text"] is { } text)
            {
                texts.Add(text.GetValue<string>());
            }

            foreach (var mark in element["marks"]?.AsArray() ?? [])
            {
                if (mark?["attrs"]?["href"] is { } href)
                {
                    links.Add(href.GetValue<string>());
                }
            }

            foreach (var child in element["content"]?.AsArray() ?? [])
            {
                if (child is not null)
                {
                    Walk(child, texts, links);
                }
            }
        }
    }

    private static string IssueJson(string key, string status) => new JsonObject
    {
        ["id"] = "10001",
        ["key"] = key.ToUpperInvariant(),
        ["fields"] = new JsonObject { ["status"] = StatusJson(status) },
    }.ToJsonString();

    private string TransitionsJson(string status, bool withFields) => new JsonObject
    {
        ["expand"] = "transitions",
        ["transitions"] = new JsonArray([.. workflow.From(status).Select(t =>
        {
            var transition = new JsonObject
            {
                ["id"] = t.Id,
                ["name"] = t.Name,
                ["to"] = StatusJson(t.ToStatus),
                ["hasScreen"] = t.RequiredFields.Count > 0,
                ["isGlobal"] = false,
                ["isAvailable"] = true,
            };
            if (withFields)
            {
                // Like Jira: every field of the screen, required or not; "comment" is never required.
                var fields = new JsonObject { ["comment"] = FieldJson("comment", required: false) };
                foreach (var field in t.RequiredFields)
                {
                    fields[field] = FieldJson(field, required: true);
                }

                transition["fields"] = fields;
            }

            return (JsonNode)transition;
        })]),
    }.ToJsonString();

    private static JsonObject FieldJson(string id, bool required) => new()
    {
        ["required"] = required,
        ["schema"] = new JsonObject { ["type"] = "string", ["system"] = id },
        ["name"] = FieldName(id),
        ["key"] = id,
        ["hasDefaultValue"] = false,
        ["operations"] = new JsonArray("set"),
    };

    private static string FieldName(string id) => id.Length == 0 ? id : char.ToUpperInvariant(id[0]) + id[1..];

    private static JsonObject StatusJson(string status) => new()
    {
        ["name"] = status,
        ["id"] = ((uint)StringComparer.Ordinal.GetHashCode(status) % 100_000).ToString(CultureInfo.InvariantCulture),
    };

    private static string Errors(string message) =>
        new JsonObject { ["errorMessages"] = new JsonArray(message), ["errors"] = new JsonObject() }.ToJsonString();

    [GeneratedRegex(@"^/rest/api/(2|3)/issue/(?<key>[^/]+)(?<sub>/transitions|/comment|/remotelink)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex IssueRoute();
}

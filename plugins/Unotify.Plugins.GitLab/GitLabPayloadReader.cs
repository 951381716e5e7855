using System.Text.Json;

namespace Unotify.Plugins.GitLab;

/// <summary>What a GitLab payload says that makes its event: the few values <see cref="GitLabEventReader"/> reads.</summary>
internal sealed class GitLabPayload
{
    /// <summary>The kind of the payload's root value (an object for every payload GitLab sends).</summary>
    public JsonValueKind RootKind { get; init; }

    public string? ObjectKind { get; set; }

    public string? EventName { get; set; }

    public string? Action { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Url { get; set; }

    public string? Ref { get; set; }

    public string? Message { get; set; }

    public string? UserUsername { get; set; }

    public string? AttributesAction { get; set; }

    public string? AttributesTitle { get; set; }

    public string? AttributesDescription { get; set; }

    public string? AttributesSourceBranch { get; set; }

    public string? AttributesUrl { get; set; }

    public string? LastCommitMessage { get; set; }

    public string? Username { get; set; }

    public string? CommitAuthorName { get; set; }

    public string? ProjectWebUrl { get; set; }

    public string? ProjectPath { get; set; }

    /// <summary>Each object of the <c>commits</c> array, in order; <see langword="null"/> when there is no such array.</summary>
    public List<(string? Message, string? Url)>? Commits { get; set; }
}

/// <summary>
/// Reads the values of a GitLab payload that make its event (<see cref="GitLabPayload"/>) in one pass of a
/// <see cref="Utf8JsonReader"/>, which checks the whole payload is one valid JSON value as it goes.
/// </summary>
/// <remarks>
/// Not a <see cref="JsonDocument"/>: a document indexes every token of the payload in an array rented from the shared
/// array pool, as large as the payload, which the pool keeps (bench/README.md, "Large bodies"; the GitHub and HMAC
/// providers read the same way). Values are read as a document and <c>JsonElementPath</c> read them: a value named
/// twice is the last one, an object named twice is read whole from its last occurrence, and a value that is not a
/// string (or a step of its path that is not an object) reads as absent.
/// </remarks>
internal static class GitLabPayloadReader
{
    private enum Name
    {
        Other,
        Element,
        ObjectKind,
        EventName,
        Action,
        NameProperty,
        Description,
        Url,
        Ref,
        Message,
        UserUsername,
        ObjectAttributes,
        Title,
        SourceBranch,
        LastCommit,
        User,
        Username,
        Commit,
        Author,
        Project,
        WebUrl,
        PathWithNamespace,
        Commits,
    }

    /// <summary>Reads <paramref name="json"/>.</summary>
    /// <param name="json">The payload, UTF-8.</param>
    /// <param name="maxDepth">How deeply values may nest.</param>
    /// <returns>What the payload says.</returns>
    /// <exception cref="JsonException">The payload is not one valid JSON value.</exception>
    public static GitLabPayload Read(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        reader.Read();
        var payload = new GitLabPayload { RootKind = KindOf(reader.TokenType) };
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            while (reader.Read())
            {
                // A second value after the first throws: the payload must be one JSON value.
            }

            return payload;
        }

        // names[d]: the property at depth d; arrays[d]: whether the container at depth d is an array.
        var names = new Name[maxDepth + 2];
        var arrays = new bool[maxDepth + 2];
        var commitIsObject = false;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    names[depth] = NameOf(ref reader);
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    arrays[depth] = reader.TokenType == JsonTokenType.StartArray;
                    break;
            }

            // A value at `depth`: of property names[depth], or an element when its container is an array.
            var name = arrays[depth - 1] ? Name.Element : names[depth];
            switch (depth)
            {
                case 1:
                    ReadTopLevel(payload, name, ref reader);
                    break;
                case 2 when names[1] == Name.Commits && arrays[1]:
                    // An element of commits: only an object has a message or a url.
                    commitIsObject = reader.TokenType == JsonTokenType.StartObject && payload.Commits is not null;
                    if (commitIsObject)
                    {
                        payload.Commits!.Add((null, null));
                    }

                    break;
                case 2 when !arrays[1]:
                    ReadSecondLevel(payload, names[1], name, ref reader);
                    break;
                case 3 when names[1] == Name.Commits && arrays[1] && commitIsObject && !arrays[2]:
                    var commit = payload.Commits![^1];
                    if (name == Name.Message)
                    {
                        payload.Commits[^1] = commit with { Message = StringOrNull(ref reader) };
                    }
                    else if (name == Name.Url)
                    {
                        payload.Commits[^1] = commit with { Url = StringOrNull(ref reader) };
                    }

                    break;
                case 3 when !arrays[1] && !arrays[2]:
                    ReadThirdLevel(payload, names[1], names[2], name, ref reader);
                    break;
            }
        }

        return payload;
    }

    /// <summary>A value of the root object: a string read, or an object whose values a later occurrence replaces whole.</summary>
    private static void ReadTopLevel(GitLabPayload payload, Name name, ref Utf8JsonReader reader)
    {
        switch (name)
        {
            case Name.ObjectKind:
                payload.ObjectKind = StringOrNull(ref reader);
                break;
            case Name.EventName:
                payload.EventName = StringOrNull(ref reader);
                break;
            case Name.Action:
                payload.Action = StringOrNull(ref reader);
                break;
            case Name.NameProperty:
                payload.Name = StringOrNull(ref reader);
                break;
            case Name.Description:
                payload.Description = StringOrNull(ref reader);
                break;
            case Name.Url:
                payload.Url = StringOrNull(ref reader);
                break;
            case Name.Ref:
                payload.Ref = StringOrNull(ref reader);
                break;
            case Name.Message:
                payload.Message = StringOrNull(ref reader);
                break;
            case Name.UserUsername:
                payload.UserUsername = StringOrNull(ref reader);
                break;
            case Name.ObjectAttributes:
                payload.AttributesAction = payload.AttributesTitle = payload.AttributesDescription = null;
                payload.AttributesSourceBranch = payload.AttributesUrl = payload.LastCommitMessage = null;
                break;
            case Name.User:
                payload.Username = null;
                break;
            case Name.Commit:
                payload.CommitAuthorName = null;
                break;
            case Name.Project:
                payload.ProjectWebUrl = payload.ProjectPath = null;
                break;
            case Name.Commits:
                payload.Commits = reader.TokenType == JsonTokenType.StartArray ? [] : null;
                break;
        }
    }

    private static void ReadSecondLevel(GitLabPayload payload, Name parent, Name name, ref Utf8JsonReader reader)
    {
        switch (parent, name)
        {
            case (Name.ObjectAttributes, Name.Action):
                payload.AttributesAction = StringOrNull(ref reader);
                break;
            case (Name.ObjectAttributes, Name.Title):
                payload.AttributesTitle = StringOrNull(ref reader);
                break;
            case (Name.ObjectAttributes, Name.Description):
                payload.AttributesDescription = StringOrNull(ref reader);
                break;
            case (Name.ObjectAttributes, Name.SourceBranch):
                payload.AttributesSourceBranch = StringOrNull(ref reader);
                break;
            case (Name.ObjectAttributes, Name.Url):
                payload.AttributesUrl = StringOrNull(ref reader);
                break;
            case (Name.ObjectAttributes, Name.LastCommit):
                payload.LastCommitMessage = null;
                break;
            case (Name.User, Name.Username):
                payload.Username = StringOrNull(ref reader);
                break;
            case (Name.Commit, Name.Author):
                payload.CommitAuthorName = null;
                break;
            case (Name.Project, Name.WebUrl):
                payload.ProjectWebUrl = StringOrNull(ref reader);
                break;
            case (Name.Project, Name.PathWithNamespace):
                payload.ProjectPath = StringOrNull(ref reader);
                break;
        }
    }

    private static void ReadThirdLevel(GitLabPayload payload, Name grandparent, Name parent, Name name, ref Utf8JsonReader reader)
    {
        switch (grandparent, parent, name)
        {
            case (Name.ObjectAttributes, Name.LastCommit, Name.Message):
                payload.LastCommitMessage = StringOrNull(ref reader);
                break;
            case (Name.Commit, Name.Author, Name.NameProperty):
                payload.CommitAuthorName = StringOrNull(ref reader);
                break;
        }
    }

    private static string? StringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    private static Name NameOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return NameOf(reader.ValueSpan);
        }

        // GitLab never escapes a name, but JSON allows it ("\u0061ction"). The longest name looked for,
        // path_with_namespace, takes 114 bytes with every character escaped; a longer escaped name is none of them.
        if (reader.ValueSpan.Length > 114)
        {
            return Name.Other;
        }

        Span<byte> unescaped = stackalloc byte[114];
        return NameOf(unescaped[..reader.CopyString(unescaped)]);
    }

    private static Name NameOf(ReadOnlySpan<byte> text) => text switch
    {
        _ when text.SequenceEqual("object_kind"u8) => Name.ObjectKind,
        _ when text.SequenceEqual("event_name"u8) => Name.EventName,
        _ when text.SequenceEqual("action"u8) => Name.Action,
        _ when text.SequenceEqual("name"u8) => Name.NameProperty,
        _ when text.SequenceEqual("description"u8) => Name.Description,
        _ when text.SequenceEqual("url"u8) => Name.Url,
        _ when text.SequenceEqual("ref"u8) => Name.Ref,
        _ when text.SequenceEqual("message"u8) => Name.Message,
        _ when text.SequenceEqual("user_username"u8) => Name.UserUsername,
        _ when text.SequenceEqual("object_attributes"u8) => Name.ObjectAttributes,
        _ when text.SequenceEqual("title"u8) => Name.Title,
        _ when text.SequenceEqual("source_branch"u8) => Name.SourceBranch,
        _ when text.SequenceEqual("last_commit"u8) => Name.LastCommit,
        _ when text.SequenceEqual("user"u8) => Name.User,
        _ when text.SequenceEqual("username"u8) => Name.Username,
        _ when text.SequenceEqual("commit"u8) => Name.Commit,
        _ when text.SequenceEqual("author"u8) => Name.Author,
        _ when text.SequenceEqual("project"u8) => Name.Project,
        _ when text.SequenceEqual("web_url"u8) => Name.WebUrl,
        _ when text.SequenceEqual("path_with_namespace"u8) => Name.PathWithNamespace,
        _ when text.SequenceEqual("commits"u8) => Name.Commits,
        _ => Name.Other,
    };

    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };
}

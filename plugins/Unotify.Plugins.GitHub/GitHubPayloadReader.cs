using System.Text.Json;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// Reads the few values of a GitHub payload that make its event in one pass of a <see cref="Utf8JsonReader"/>, which
/// checks the whole payload is one valid JSON value as it goes.
/// </summary>
/// <remarks>
/// Not a <see cref="JsonDocument"/>: a document indexes every token of the payload in an array rented from the shared
/// array pool, as large as the payload (a 25 MB push makes a 32 MB array), and the pool keeps that array on each thread
/// that ever returned one, where a host in a 512 MB container runs out of memory (bench/README.md, "Large bodies").
/// A value named twice is read as a document reads it, the last one winning, and an object named twice is read whole
/// from its last occurrence.
/// </remarks>
internal static class GitHubPayloadReader
{
    /// <summary>Reads <paramref name="json"/>.</summary>
    /// <param name="json">The payload, UTF-8.</param>
    /// <param name="maxDepth">How deeply values may nest.</param>
    /// <returns>What the payload says.</returns>
    /// <exception cref="JsonException">The payload is not one valid JSON value.</exception>
    public static GitHubPayload Read(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        reader.Read();
        var payload = new GitHubPayload { RootKind = KindOf(reader.TokenType) };
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
                    commitIsObject = reader.TokenType == JsonTokenType.StartObject;
                    if (commitIsObject)
                    {
                        payload.CommitMessages.Add(null);
                    }

                    break;
                case 2 when !arrays[1]:
                    ReadSecondLevel(payload, names[1], name, ref reader);
                    break;
                case 3 when !arrays[1] && !arrays[2] && names[1] == Name.PullRequest && names[2] == Name.Head && name == Name.Ref:
                    payload.HeadRef = StringOrNull(ref reader);
                    break;
                case 3 when names[1] == Name.Commits && arrays[1] && commitIsObject && name == Name.Message:
                    payload.CommitMessages[^1] = StringOrNull(ref reader);
                    break;
            }

            // Nothing the event needs lies inside any other object or array: skip it whole (still checked as JSON).
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !Holds(depth, names[1], name, reader.TokenType))
            {
                reader.Skip();
            }
        }

        return payload;
    }

    /// <summary>Whether the object or array starting at <paramref name="depth"/> may hold a value the event needs.</summary>
    private static bool Holds(int depth, Name top, Name name, JsonTokenType token) => depth switch
    {
        1 => name is Name.PullRequest or Name.Release or Name.Commits or Name.Repository or Name.Sender,
        2 => token == JsonTokenType.StartObject && ((top == Name.PullRequest && name == Name.Head) || (top == Name.Commits && name == Name.Element)),
        _ => false,
    };

    private static void ReadTopLevel(GitHubPayload payload, Name name, ref Utf8JsonReader reader)
    {
        switch (name)
        {
            case Name.Action:
                payload.Action = StringOrNull(ref reader);
                break;
            case Name.Ref:
                payload.Ref = StringOrNull(ref reader);
                break;
            case Name.Compare:
                payload.Compare = StringOrNull(ref reader);
                break;
            case Name.PullRequest:
                (payload.Merged, payload.Title, payload.Body, payload.PullRequestUrl, payload.HeadRef) = (false, null, null, null, null);
                break;
            case Name.Release:
                (payload.ReleaseName, payload.ReleaseNotes, payload.ReleaseUrl) = (null, null, null);
                break;
            case Name.Commits:
                payload.CommitMessages.Clear();
                payload.HasCommits = reader.TokenType == JsonTokenType.StartArray;
                break;
            case Name.Repository:
                payload.RepositoryFullName = null;
                break;
            case Name.Sender:
                payload.SenderLogin = null;
                break;
        }
    }

    private static void ReadSecondLevel(GitHubPayload payload, Name parent, Name name, ref Utf8JsonReader reader)
    {
        switch (parent, name)
        {
            case (Name.PullRequest, Name.Merged):
                payload.Merged = reader.TokenType == JsonTokenType.True;
                break;
            case (Name.PullRequest, Name.Title):
                payload.Title = StringOrNull(ref reader);
                break;
            case (Name.PullRequest, Name.Body):
                payload.Body = StringOrNull(ref reader);
                break;
            case (Name.PullRequest, Name.HtmlUrl):
                payload.PullRequestUrl = StringOrNull(ref reader);
                break;
            case (Name.PullRequest, Name.Head):
                payload.HeadRef = null;
                break;
            case (Name.Release, Name.NameProperty):
                payload.ReleaseName = StringOrNull(ref reader);
                break;
            case (Name.Release, Name.Body):
                payload.ReleaseNotes = StringOrNull(ref reader);
                break;
            case (Name.Release, Name.HtmlUrl):
                payload.ReleaseUrl = StringOrNull(ref reader);
                break;
            case (Name.Repository, Name.FullName):
                payload.RepositoryFullName = StringOrNull(ref reader);
                break;
            case (Name.Sender, Name.Login):
                payload.SenderLogin = StringOrNull(ref reader);
                break;
        }
    }

    private static string? StringOrNull(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    private static Name NameOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return NameOf(reader.ValueSpan);
        }

        // GitHub never escapes a name, but JSON allows it ("\u0061ction"). The longest name looked for, pull_request,
        // takes 72 bytes with every character escaped; a longer escaped name is none of them.
        if (reader.ValueSpan.Length > 72)
        {
            return Name.Other;
        }

        Span<byte> unescaped = stackalloc byte[72];
        return NameOf(unescaped[..reader.CopyString(unescaped)]);
    }

    private static Name NameOf(ReadOnlySpan<byte> text) => text.Length switch
    {
        3 when text.SequenceEqual("ref"u8) => Name.Ref,
        4 when text.SequenceEqual("body"u8) => Name.Body,
        4 when text.SequenceEqual("head"u8) => Name.Head,
        4 when text.SequenceEqual("name"u8) => Name.NameProperty,
        5 when text.SequenceEqual("title"u8) => Name.Title,
        5 when text.SequenceEqual("login"u8) => Name.Login,
        6 when text.SequenceEqual("action"u8) => Name.Action,
        6 when text.SequenceEqual("merged"u8) => Name.Merged,
        6 when text.SequenceEqual("sender"u8) => Name.Sender,
        7 when text.SequenceEqual("compare"u8) => Name.Compare,
        7 when text.SequenceEqual("release"u8) => Name.Release,
        7 when text.SequenceEqual("commits"u8) => Name.Commits,
        7 when text.SequenceEqual("message"u8) => Name.Message,
        8 when text.SequenceEqual("html_url"u8) => Name.HtmlUrl,
        9 when text.SequenceEqual("full_name"u8) => Name.FullName,
        10 when text.SequenceEqual("repository"u8) => Name.Repository,
        12 when text.SequenceEqual("pull_request"u8) => Name.PullRequest,
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

    /// <summary>The property names the reader looks for; every other name is <see cref="Other"/>.</summary>
    private enum Name : byte
    {
        Other,
        Element,
        Action,
        Ref,
        Compare,
        PullRequest,
        Release,
        Commits,
        Repository,
        Sender,
        Merged,
        Title,
        Body,
        HtmlUrl,
        Head,
        NameProperty,
        FullName,
        Login,
        Message,
    }
}

/// <summary>The values of a GitHub payload its event is made of (see <see cref="GitHubPayloadReader"/>); <see langword="null"/> where absent or not a string.</summary>
internal sealed class GitHubPayload
{
    /// <summary>What the payload is at its root; only an object is a GitHub payload.</summary>
    public JsonValueKind RootKind { get; init; }

    public string? Action { get; set; }

    public bool Merged { get; set; }

    public string? Title { get; set; }

    public string? Body { get; set; }

    public string? HeadRef { get; set; }

    public string? PullRequestUrl { get; set; }

    public string? ReleaseName { get; set; }

    public string? ReleaseNotes { get; set; }

    public string? ReleaseUrl { get; set; }

    public string? Ref { get; set; }

    public string? Compare { get; set; }

    /// <summary>Whether <c>commits</c> is an array.</summary>
    public bool HasCommits { get; set; }

    /// <summary>Each object of the <c>commits</c> array's <c>message</c>, in order.</summary>
    public List<string?> CommitMessages { get; } = [];

    public string? RepositoryFullName { get; set; }

    public string? SenderLogin { get; set; }
}

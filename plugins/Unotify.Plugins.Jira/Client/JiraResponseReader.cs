using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Unotify.Plugins.Jira;

/// <summary>Reads the parts of Jira's JSON answers the processor needs, tolerating every field it does not.</summary>
internal static class JiraResponseReader
{
    private const int MaxErrorLength = 500;

    /// <summary>Parses <paramref name="body"/> once and reads it with <paramref name="read"/>.</summary>
    public static bool TryParse<T>(byte[] body, Func<JsonElement, T?> read, [NotNullWhen(true)] out T? value, out string error)
        where T : class
    {
        value = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            value = read(document.RootElement);
            error = value is null ? "a field the processor needs is missing" : string.Empty;
            return value is not null;
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    /// <summary>The status name of an issue: <c>fields.status.name</c>.</summary>
    public static string? ReadStatus(JsonElement issue) =>
        issue.ValueKind == JsonValueKind.Object
        && issue.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object
        && fields.TryGetProperty("status", out var status)
            ? StringOf(status, "name")
            : null;

    /// <summary>The offered transitions: <c>transitions[].id</c>, <c>.name</c> and <c>.to.name</c>.</summary>
    public static IReadOnlyList<JiraTransition>? ReadTransitions(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object
            || !answer.TryGetProperty("transitions", out var transitions)
            || transitions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var offered = new List<JiraTransition>(transitions.GetArrayLength());
        foreach (var transition in transitions.EnumerateArray())
        {
            if (StringOf(transition, "id") is { } id)
            {
                var to = transition.ValueKind == JsonValueKind.Object && transition.TryGetProperty("to", out var target)
                    ? StringOf(target, "name")
                    : null;
                offered.Add(new JiraTransition(id, StringOf(transition, "name") ?? id, to, RequiredFields(transition)));
            }
        }

        return offered;
    }

    /// <summary>
    /// The fields a transition requires and has no default for (<c>fields.{id}.required</c> without
    /// <c>hasDefaultValue</c>); an empty list when it has a <c>fields</c> object, <see langword="null"/> when Jira sent none.
    /// </summary>
    private static JiraField[]? RequiredFields(JsonElement transition)
    {
        if (!transition.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return [.. fields.EnumerateObject()
            .Where(field => field.Value.ValueKind == JsonValueKind.Object
                && field.Value.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True
                && !(field.Value.TryGetProperty("hasDefaultValue", out var hasDefault) && hasDefault.ValueKind == JsonValueKind.True))
            .Select(field => new JiraField(field.Name, StringOf(field.Value, "name") ?? field.Name))];
    }

    /// <summary>Whether <paramref name="body"/> is Jira's error JSON: an object with an <c>errorMessages</c> array.</summary>
    public static bool IsJiraError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorMessages", out var messages)
                && messages.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Jira's error messages (<c>errorMessages</c> and <c>errors</c>) as <c>": message; field: message"</c>, or
    /// the start of a non-JSON body, or an empty string.
    /// </summary>
    public static string ErrorMessages(byte[] body)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }

        var messages = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("errorMessages", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    messages.AddRange(list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!));
                }

                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    messages.AddRange(errors.EnumerateObject().Select(e => $"{e.Name}: {e.Value}"));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): show its start instead of Jira's messages.
            messages.Add(System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxErrorLength + 1)).Trim());
        }

        var text = string.Join("; ", messages.Where(m => m.Length > 0));
        return text.Length == 0 ? string.Empty : ": " + (text.Length > MaxErrorLength ? text[..MaxErrorLength] + "…" : text);
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

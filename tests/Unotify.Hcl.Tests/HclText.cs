using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unotify.Hcl;

namespace Unotify.Hcl.Tests;

/// <summary>Small helpers for tests: parse text and look at the result as compact canonical JSON.</summary>
internal static class HclText
{
    public static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static HclDocument Parse(string text) => HclParser.Parse(text, "test.hcl");

    public static HclParseError Error(string text)
    {
        var result = HclParser.TryParse(text, "test.hcl");
        result.IsSuccess.Should().BeFalse("the input is not valid HCL");
        return result.Error!;
    }

    /// <summary>The whole document as compact JSON.</summary>
    public static string Json(string text) => Compact(HclJson.Serialize(Parse(text)));

    /// <summary>One attribute's value of a one-attribute document (<c>a = …</c>) as compact JSON.</summary>
    public static string Value(string expression)
    {
        var json = JsonNode.Parse(HclJson.Serialize(Parse("a = " + expression + "\n")))!;
        return json["attributes"]!["a"]?.ToJsonString(Relaxed) ?? "null";
    }

    public static HclExpression Expression(string expression) => Parse("a = " + expression + "\n").Body.Attributes[0].Value;

    public static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString(Relaxed);
}

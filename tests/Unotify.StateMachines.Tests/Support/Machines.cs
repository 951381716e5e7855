namespace Unotify.StateMachines.Tests;

/// <summary>State-machine texts the tests start from, and shortcuts to load them.</summary>
internal static class Machines
{
    public const string FileName = "test.hcl";

    /// <summary>The README's "State machines" example: the statemachine inside the provisioner.</summary>
    public const string SocNested = """
        provisioner "soc" {
          aliasmapper "soc" {
            aliases = { to_do: "To Do", in_progress: "In Progress", done: "Done" }
          }
          statemachine "soc" {
            initial = "to_do"
            state "to_do" "next"       { transition = "in_progress" }
            state "in_progress" "next" { transition = "done" }
            state "in_progress" "prev" { transition = "to_do" }
            state "done" "next"        { transition = "<end>" }
          }
        }
        """;

    /// <summary>The same machine as <see cref="SocNested"/>, with aliasmapper and statemachine beside the provisioner.</summary>
    public const string SocBeside = """
        provisioner "soc" {}

        aliasmapper "soc" {
          aliases = { to_do: "To Do", in_progress: "In Progress", done: "Done" }
        }

        statemachine "soc" {
          initial = "to_do"
          state "to_do" "next"       { transition = "in_progress" }
          state "in_progress" "next" { transition = "done" }
          state "in_progress" "prev" { transition = "to_do" }
          state "done" "next"        { transition = "<end>" }
        }
        """;

    public static StateMachineLoadResult Load(string text) => StateMachineLoader.Load(text, FileName);

    /// <summary>Every diagnostic of <paramref name="text"/> as printed: <c>test.hcl:3:5: error: …</c>.</summary>
    public static string[] Diagnostics(string text) => [.. Load(text).Diagnostics.Select(d => d.ToString())];

    /// <summary>The machines of <paramref name="text"/>, which must load with no diagnostic at all.</summary>
    public static StateMachineSet Set(string text)
    {
        var result = Load(text);
        result.Diagnostics.Should().BeEmpty();
        return result.Set!;
    }

    /// <summary>
    /// A one-provisioner file (the nested layout) with <paramref name="aliases"/> on line 3 and each of
    /// <paramref name="machineLines"/> on lines 6, 7, … indented by four spaces (so its text starts at column 5).
    /// </summary>
    public static string Soc(string aliases, params string[] machineLines) =>
        $$"""
        provisioner "soc" {
          aliasmapper "soc" {
            aliases = { {{aliases}} }
          }
          statemachine "soc" {
        {{string.Concat(machineLines.Select(line => $"    {line}\n"))}}  }
        }
        """;

    /// <summary>The aliases of <see cref="SocNested"/>.</summary>
    public const string SocAliases = "to_do: \"To Do\", in_progress: \"In Progress\", done: \"Done\"";
}

namespace Unotify.Host.Tests.Cli;

/// <summary>A valid state-machine file whose state <c>b</c> cannot be reached: it loads, with one warning at 5:9.</summary>
internal static class UnreachableStateMachine
{
    public const string Text = """
        provisioner "m" {}
        statemachine "m" {
          initial = "a"
          state "a" "go" { transition = "<end>" }
          state "b" "go" { transition = "a" }
        }
        aliasmapper "m" {
          aliases = { a: "A", b: "B" }
        }
        """;

    public const string Warning = """state "b" of statemachine "m" cannot be reached from initial state "a"; add a transition to it or remove it""";
}

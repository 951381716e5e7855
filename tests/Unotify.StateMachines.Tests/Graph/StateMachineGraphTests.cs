using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Graph;

/// <summary>Mermaid and DOT output, compared as whole texts.</summary>
public sealed class StateMachineGraphTests
{
    private static readonly StateMachineSet TwoMachines = Set(SocNested + "\n" + """
        provisioner "ops" {}
        aliasmapper "ops" {
          aliases = { "to-do": "To \"Do\"", done: "Done; really" }
        }
        statemachine "ops" {
          initial = "to-do"
          state "to-do" "go on" { transition = "done" }
          state "done" "next" { transition = "<end>" }
        }
        """);

    [Fact]
    public void Draws_each_machine_as_a_mermaid_composite_state_with_initial_and_end_marked()
    {
        StateMachineGraph.ToMermaid(TwoMachines).Should().Be("""
            stateDiagram-v2
                state soc {
                    state "To Do" as soc_to_do
                    state "In Progress" as soc_in_progress
                    state "Done" as soc_done
                    [*] --> soc_to_do
                    soc_to_do --> soc_in_progress : next
                    soc_in_progress --> soc_done : next
                    soc_in_progress --> soc_to_do : prev
                    soc_done --> [*] : next
                }
                state ops {
                    state "To #quot;Do#quot;" as ops_to_do
                    state "Done#59; really" as ops_done
                    [*] --> ops_to_do
                    ops_to_do --> ops_done : go on
                    ops_done --> [*] : next
                }

            """);
    }

    [Fact]
    public void Draws_each_machine_as_a_dot_cluster_with_a_start_point_and_an_end_node()
    {
        StateMachineGraph.ToDot(TwoMachines).Should().Be("""
            digraph statemachines {
                rankdir=LR;
                node [shape=box, style=rounded];
                subgraph "cluster_soc" {
                    label="soc";
                    "soc/start" [shape=point, label=""];
                    "soc/state/to_do" [label="To Do"];
                    "soc/state/in_progress" [label="In Progress"];
                    "soc/state/done" [label="Done"];
                    "soc/end" [shape=doublecircle, label="<end>"];
                    "soc/start" -> "soc/state/to_do";
                    "soc/state/to_do" -> "soc/state/in_progress" [label="next"];
                    "soc/state/in_progress" -> "soc/state/done" [label="next"];
                    "soc/state/in_progress" -> "soc/state/to_do" [label="prev"];
                    "soc/state/done" -> "soc/end" [label="next"];
                }
                subgraph "cluster_ops" {
                    label="ops";
                    "ops/start" [shape=point, label=""];
                    "ops/state/to-do" [label="To \"Do\""];
                    "ops/state/done" [label="Done; really"];
                    "ops/end" [shape=doublecircle, label="<end>"];
                    "ops/start" -> "ops/state/to-do";
                    "ops/state/to-do" -> "ops/state/done" [label="go on"];
                    "ops/state/done" -> "ops/end" [label="next"];
                }
            }

            """);
    }

    [Fact]
    public void Gives_states_whose_ids_differ_only_in_punctuation_distinct_mermaid_ids()
    {
        var set = Set("""
            provisioner "ops" {}
            aliasmapper "ops" {
              aliases = { "a-b": "A", "a_b": "B" }
            }
            statemachine "ops" {
              initial = "a-b"
              state "a-b" "next" { transition = "a_b" }
              state "a_b" "next" { transition = "<end>" }
            }
            """);

        StateMachineGraph.ToMermaid(set).Should().Contain("state \"A\" as ops_a_b\n").And.Contain("state \"B\" as ops_a_b_2\n");
    }

    [Fact]
    public void Draws_no_end_node_for_a_machine_that_never_ends()
    {
        var result = Load(Soc(SocAliases, "initial = \"to_do\"", "state \"to_do\" \"next\" { transition = \"to_do\" }"));

        StateMachineGraph.ToDot(result.Set!).Should().NotContain("soc/end");
    }
}

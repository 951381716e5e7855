using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Validation;

/// <summary>Structural errors: blocks, labels and attributes the dialect does not have, or of the wrong type.</summary>
public sealed class StructureTests
{
    private const string Initial = "initial = \"to_do\"";
    private const string ToDoNext = "state \"to_do\" \"next\" { transition = \"done\" }";
    private const string DoneNext = "state \"done\" \"next\" { transition = \"<end>\" }";

    [Fact]
    public void Rejects_an_unknown_block_at_the_top_level()
    {
        Diagnostics(SocNested + "\nresource \"x\" \"y\" {}\n").Should().Equal(
            "test.hcl:13:1: error: unknown block \"resource\" at the top level; expected provisioner, aliasmapper or statemachine");
    }

    [Fact]
    public void Rejects_an_attribute_at_the_top_level()
    {
        Diagnostics("version = 2\n" + SocNested).Should().Equal(
            "test.hcl:1:1: error: unexpected attribute \"version\" at the top level; a state-machine file holds only provisioner, aliasmapper and statemachine blocks");
    }

    [Fact]
    public void Rejects_a_provisioner_without_its_label()
    {
        Diagnostics("provisioner {\n}\n").Should().Equal(
            "test.hcl:1:1: error: provisioner block is missing a label; it takes the project key: write provisioner \"<project key>\" { … }");
    }

    [Fact]
    public void Rejects_a_state_block_without_its_event_label()
    {
        var text = Soc(SocAliases, Initial, ToDoNext, "state \"to_do\" { transition = \"done\" }", DoneNext);

        Diagnostics(text).Should().Equal(
            "test.hcl:8:5: error: state block is missing a label; it takes the state and the event: write state \"<state>\" \"<event>\" { transition = \"<state or <end>>\" }");
    }

    [Fact]
    public void Rejects_a_state_block_with_a_third_label_pointing_at_it()
    {
        var text = Soc(SocAliases, Initial, ToDoNext, "state \"to_do\" \"next\" \"now\" { transition = \"done\" }", DoneNext);

        Diagnostics(text).Should().Equal(
            "test.hcl:8:26: error: state block has 3 labels; it takes the state and the event: write state \"<state>\" \"<event>\" { transition = \"<state or <end>>\" }");
    }

    [Fact]
    public void Rejects_an_unknown_attribute_in_a_state_block()
    {
        var text = Soc(SocAliases, Initial, ToDoNext, "state \"done\" \"next\" {", "  transition = \"<end>\"", "  colour = \"red\"", "}");

        Diagnostics(text).Should().Equal(
            "test.hcl:10:7: error: unknown attribute \"colour\" in state \"done\" \"next\"; it takes only transition");
    }

    [Fact]
    public void Rejects_an_unknown_block_in_a_statemachine()
    {
        var text = Soc(SocAliases, Initial, ToDoNext, DoneNext, "on \"next\" {}");

        Diagnostics(text).Should().Equal(
            "test.hcl:9:5: error: unknown block \"on\" in statemachine \"soc\"; it takes initial and state blocks");
    }

    [Fact]
    public void Rejects_unknown_attributes_in_a_provisioner_and_an_aliasmapper()
    {
        var text = """
            provisioner "soc" {
              key = "SOC"
              aliasmapper "soc" {
                mode = "exact"
                aliases = { to_do: "To Do" }
              }
              statemachine "soc" {
                initial = "to_do"
                state "to_do" "next" { transition = "<end>" }
              }
            }
            """;

        Diagnostics(text).Should().Equal(
            "test.hcl:2:3: error: unknown attribute \"key\" in provisioner \"soc\"; it takes aliasmapper blocks and statemachine blocks",
            "test.hcl:4:5: error: unknown attribute \"mode\" in aliasmapper \"soc\"; it takes only aliases");
    }

    [Fact]
    public void Rejects_an_aliasmapper_without_aliases_and_does_not_also_call_every_state_unaliased()
    {
        var text = """
            provisioner "soc" {
              aliasmapper "soc" {
              }
              statemachine "soc" {
                initial = "to_do"
                state "to_do" "next" { transition = "<end>" }
              }
            }
            """;

        Diagnostics(text).Should().Equal(
            "test.hcl:2:15: error: aliasmapper \"soc\" has no aliases; add aliases = { <state>: \"<Jira status>\", … }");
    }

    [Fact]
    public void Rejects_aliases_that_are_not_an_object()
    {
        var text = Soc(SocAliases, Initial, ToDoNext, DoneNext).Replace(
            $"{{ {SocAliases} }}", "[\"To Do\", \"Done\"]", StringComparison.Ordinal);

        Diagnostics(text).Should().Equal(
            "test.hcl:3:15: error: aliases of aliasmapper \"soc\" must be an object of state ids and Jira status names, e.g. { to_do: \"To Do\" }; got [\"To Do\", \"Done\"]");
    }

    [Fact]
    public void Rejects_an_alias_that_is_not_a_string()
    {
        var text = Soc("to_do: \"To Do\", done: 3", Initial, ToDoNext, DoneNext);

        Diagnostics(text).Should().Equal(
            "test.hcl:3:39: error: the alias of state \"done\" in aliasmapper \"soc\" must be a string in quotes, e.g. \"To Do\"; got 3");
    }

    [Fact]
    public void Rejects_a_statemachine_without_initial()
    {
        var text = Soc(SocAliases, ToDoNext, DoneNext);

        Diagnostics(text).Should().Equal(
            "test.hcl:5:16: error: statemachine \"soc\" has no initial; add initial = \"<state>\"");
    }

    [Fact]
    public void Rejects_an_initial_that_is_not_a_string()
    {
        var text = Soc(SocAliases, "initial = to_do", ToDoNext, DoneNext);

        Diagnostics(text).Should().Equal(
            "test.hcl:6:15: error: initial of statemachine \"soc\" must be a string in quotes, e.g. initial = \"<state>\"; got to_do");
    }

    [Fact]
    public void Rejects_a_state_block_without_transition_and_gives_no_reachability_warnings_for_it()
    {
        var text = Soc(SocAliases, Initial, ToDoNext, "state \"done\" \"next\" {}");

        Diagnostics(text).Should().Equal(
            "test.hcl:8:5: error: state \"done\" \"next\" has no transition; add transition = \"<state>\" or transition = \"<end>\"");
    }

    [Fact]
    public void Rejects_a_transition_that_is_not_a_string()
    {
        var text = Soc(SocAliases, Initial, "state \"to_do\" \"next\" { transition = done }", DoneNext);

        Diagnostics(text).Should().Equal(
            "test.hcl:7:41: error: transition of state \"to_do\" \"next\" must be a string in quotes, e.g. transition = \"<state>\" or transition = \"<end>\"; got done");
    }
}

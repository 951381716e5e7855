using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Validation;

/// <summary><c>state "done" { fields = { … } }</c>: the fields Jira needs for entering a state.</summary>
public sealed class StateFieldsTests
{
    private const string Initial = "initial = \"to_do\"";
    private const string ToDoNext = "state \"to_do\" \"next\" { transition = \"done\" }";
    private const string DoneNext = "state \"done\" \"next\" { transition = \"<end>\" }";
    private const string Aliases = "to_do: \"To Do\", done: \"Done\"";

    [Fact]
    public void A_state_block_with_only_the_state_label_gives_the_fields_for_entering_it_as_JSON()
    {
        var text = Soc(Aliases, Initial, ToDoNext, DoneNext,
            "state \"done\" { fields = { resolution = { name = \"Done\" }, labels = [\"shipped\", \"v2\"], customfield_10010 = 3.50, flagged = null } }");

        var machine = Set(text).Machines.Single();

        machine.FieldsOf("done").Should().Be("""{"customfield_10010":3.50,"flagged":null,"labels":["shipped","v2"],"resolution":{"name":"Done"}}""");
        machine.FieldsOf("to_do").Should().BeNull();
        machine.Transitions.Should().HaveCount(2, "a fields block adds no transition");
    }

    [Fact]
    public void The_engine_gives_the_fields_of_the_state_a_ticket_moves_into()
    {
        var text = Soc(Aliases, Initial, ToDoNext, DoneNext, "state \"done\" { fields = { resolution = { name = \"Done\" } } }");

        var moved = new StateMachineEngine(Set(text)).NextFromStatus("soc", "To Do", "next");

        moved.Should().BeOfType<StateTransitionOutcome.Moved>().Which.FieldsJson.Should().Be("""{"resolution":{"name":"Done"}}""");
    }

    [Theory]
    [InlineData("state \"done\" { fields = { resolution = var.resolution } }", 9, 44, "var.resolution is not one")]
    [InlineData("state \"done\" { fields = { resolution = { name = \"${x}\" } } }", 9, 53, "\"${x}\" is not one")]
    [InlineData("state \"done\" { fields = { labels = [\"a\", upper(\"b\")] } }", 9, 46, "upper(\"b\") is not one")]
    public void A_value_that_is_not_a_literal_is_an_error_at_its_position(string block, int line, int column, string problem)
    {
        var text = Soc(Aliases, Initial, ToDoNext, DoneNext, block);

        Diagnostics(text).Should().Equal(
            $"test.hcl:{line}:{column}: error: fields of state \"done\" must hold only literal values (strings, numbers, true, false, null, lists and objects of them), e.g. {{ resolution = {{ name = \"Done\" }} }}; {problem}");
    }

    [Fact]
    public void Fields_that_are_not_an_object_are_an_error()
    {
        var text = Soc(Aliases, Initial, ToDoNext, DoneNext, "state \"done\" { fields = \"Done\" }");

        Diagnostics(text).Should().Equal(
            "test.hcl:9:29: error: fields of state \"done\" must be an object of Jira field names and values, e.g. { resolution = { name = \"Done\" } }; got \"Done\"");
    }

    [Fact]
    public void Fields_for_a_state_the_machine_does_not_have_are_an_error_naming_its_states()
    {
        var text = Soc(Aliases, Initial, ToDoNext, DoneNext, "state \"dne\" { fields = { resolution = { name = \"Done\" } } }");

        Diagnostics(text).Should().Equal(
            "test.hcl:9:11: error: state \"dne\" has fields but is not a state of statemachine \"soc\"; use one of: to_do, done");
    }

    [Fact]
    public void A_second_fields_block_for_a_state_is_an_error_pointing_at_the_first()
    {
        var text = Soc(Aliases, Initial, ToDoNext, DoneNext,
            "state \"done\" { fields = { resolution = { name = \"Done\" } } }",
            "state \"done\" { fields = { labels = [] } }");

        Diagnostics(text).Should().Equal(
            "test.hcl:10:5: error: state \"done\" has a second fields block (the first is at line 9, column 5); put all of its fields in one");
    }

    [Fact]
    public void A_state_block_with_one_label_and_no_fields_says_what_it_may_hold()
    {
        var text = Soc(Aliases, Initial, ToDoNext, DoneNext, "state \"done\" { }");

        Diagnostics(text).Should().Equal(
            "test.hcl:9:5: error: state \"done\" has no fields; add state \"<state>\" { fields = { resolution = { name = \"Done\" } } }, or give it an event label for a transition");
    }

    [Fact]
    public void Status_names_are_compared_in_NFC_so_a_decomposed_alias_matches_the_status_Jira_returns()
    {
        var text = Soc("to_do: \"To Do\", done: \"Revisa\\u0303o\"", Initial, ToDoNext, DoneNext);

        var moved = new StateMachineEngine(Set(text)).NextFromStatus("soc", "To Do", "next");

        moved.Should().BeOfType<StateTransitionOutcome.Moved>().Which.StatusName.Should().Be("Revis\u00e3o");
    }
}

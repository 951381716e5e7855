using System.Text;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>The processor reads the Jira answers recorded in tests/fixtures/jira/.</summary>
public sealed class JiraResponseReaderTests
{
    private static byte[] Fixture(string file) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "jira", file));

    internal static IReadOnlyList<JiraTransition> FixtureTransitions()
    {
        JiraResponseReader.TryParse(Fixture("issue.SOC-1.transitions.json"), JiraResponseReader.ReadTransitions, out var transitions, out var error)
            .Should().BeTrue(error);
        return transitions!;
    }

    [Fact]
    public void Reads_the_status_name_of_an_issue()
    {
        JiraResponseReader.TryParse(Fixture("issue.SOC-1.status.json"), JiraResponseReader.ReadStatus, out var status, out _).Should().BeTrue();

        status.Should().Be("To Do");
    }

    [Fact]
    public void Reads_the_offered_transitions_with_their_button_labels_and_targets() =>
        FixtureTransitions().Should().Equal(
            new JiraTransition("11", "Back to backlog", "To Do"),
            new JiraTransition("21", "Start work", "In Progress"),
            new JiraTransition("31", "Done", "Done"));

    [Theory]
    [InlineData("""{"fields":{}}""")]
    [InlineData("""{"fields":{"status":{"name":7}}}""")]
    [InlineData("[]")]
    public void Says_what_is_missing_when_an_issue_has_no_status_name(string json)
    {
        JiraResponseReader.TryParse(Encoding.UTF8.GetBytes(json), JiraResponseReader.ReadStatus, out _, out var error).Should().BeFalse();

        error.Should().Contain("missing");
    }

    [Fact]
    public void Reports_unreadable_json_as_not_parsed()
    {
        JiraResponseReader.TryParse("<html>login</html>"u8.ToArray(), JiraResponseReader.ReadStatus, out _, out var error).Should().BeFalse();

        error.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("error.400.transition.json", ": Transition id '99' is not valid for this issue.")]
    [InlineData("error.404.json", ": Issue does not exist or you do not have permission to see it.")]
    public void Quotes_Jiras_error_messages(string file, string expected) =>
        JiraResponseReader.ErrorMessages(Fixture(file)).Should().Be(expected);

    [Fact]
    public void Quotes_field_errors_too() =>
        JiraResponseReader.ErrorMessages("""{"errorMessages":[],"errors":{"resolution":"Resolution is required."}}"""u8.ToArray())
            .Should().Be(": resolution: Resolution is required.");

    [Fact]
    public void Quotes_the_start_of_a_body_that_is_not_json() =>
        JiraResponseReader.ErrorMessages(Encoding.UTF8.GetBytes("Bad gateway " + new string('x', 2000)))
            .Should().StartWith(": Bad gateway xxx").And.HaveLength(2 + 500 + 1);

    [Fact]
    public void Recognises_Jiras_error_json_only()
    {
        JiraResponseReader.IsJiraError(Fixture("error.404.json")).Should().BeTrue();
        JiraResponseReader.IsJiraError("<h1>Not Found</h1>"u8.ToArray()).Should().BeFalse();
        JiraResponseReader.IsJiraError([]).Should().BeFalse();
    }
}
